using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using FluxBatch.Api;
using FluxBatch.Emulator.Billing;
using FluxBatch.Emulator.Faults;
using FluxBatch.Emulator.Options;
using FluxBatch.Emulator.Tasks;
using FluxBatch.Manifest.Pricing;
using Microsoft.AspNetCore.Http;

namespace FluxBatch.Emulator.Protocol;

/// <summary>
/// <c>POST /v1/{model}</c>: authenticate, validate, maybe inject a fault, charge, admit under the active-task
/// limit, create the task, answer with its cost and its own polling URL.
/// </summary>
internal sealed class SubmitEndpoint(EmulatorState state)
{
    public static readonly IReadOnlySet<string> Models = new HashSet<string>(StringComparer.Ordinal)
    {
        "flux-2-flex", "flux-2-pro", "flux-2-max", "flux-2-pro-preview", "flux-2-klein-4b", "flux-2-klein-9b",
    };

    public async Task<IResult> HandleAsync(HttpContext context, string model)
    {
        if (!Models.Contains(model))
        {
            return Answers.NotFound();
        }
        var (keyFingerprint, authFailure) = state.Auth.Check(context.Request);
        if (authFailure is not null)
        {
            return authFailure;
        }
        state.Stats.RecordSubmitAttempt();

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return Answers.Invalid([new(["body"], "JSON decode error", "json_invalid")]);
        }

        using (document)
        {
            var (request, errors) = state.Validator.Validate(model, document.RootElement);
            if (request is null)
            {
                return Answers.Invalid(errors);
            }
            var hash = RequestHash.Compute(model, document.RootElement);
            return Submit(context, request, hash, keyFingerprint!);
        }
    }

    private IResult Submit(HttpContext context, SubmitRequest request, string hash, string keyFingerprint)
    {
        var attempt = state.SubmitAttempts.AddOrUpdate(hash, 0, (_, n) => n + 1);
        var triggers = PromptTriggers.Parse(request.Prompt);
        var fault = state.Faults.Draw(FaultStage.Submit, hash, attempt, triggers);
        var early = fault switch
        {
            FaultKind.SubmitRateLimited => Answers.RateLimited(context, "Injected fault: rate limited.", state.Options.RetryAfter),
            FaultKind.SubmitRateLimitedWithoutRetryAfter => Answers.RateLimited(context, "Injected fault: rate limited.", retryAfter: null),
            FaultKind.Submit500 or FaultKind.Submit502 or FaultKind.Submit503 => Answers.ServerError(fault.Value),
            FaultKind.SubmitDropBeforeCreate => Answers.Drop(context),
            _ => null,
        };
        if (early is not null)
        {
            return early;
        }

        var task = CreateTask(request, hash, keyFingerprint, attempt, triggers);
        if (task.Charged && !state.Ledger.TryCharge(task.CostCredits))
        {
            return Answers.Detail(402, "Insufficient credits");
        }
        if (!state.Limiter.TryAdmit(keyFingerprint, task.Id, task.CompletesAt, out var wait))
        {
            if (task.Charged)
            {
                state.Ledger.Refund(task.CostCredits);
            }
            return Answers.RateLimited(context,
                string.Create(CultureInfo.InvariantCulture, $"You have reached the limit of {state.Options.MaxActiveTasksPerKey} active tasks."), wait);
        }
        state.Tasks.Add(task, task.CreatedAt);
        state.Stats.RecordSubmission(hash);

        return fault switch
        {
            FaultKind.SubmitDropAfterCreate => Answers.Drop(context),
            FaultKind.Submit500AfterCreate => Answers.ServerError(FaultKind.Submit500),
            _ => Results.Json(new SubmitResponse
            {
                Id = task.Id,
                PollingUrl = $"{state.BaseUrl}{state.Options.ClusterPrefix}/v1/get_result?id={task.Id}",
                Cost = task.CostCredits,
                InputMp = request.InputMegapixels,
                OutputMp = CostEstimator.Megapixels(request.Width, request.Height),
            }, EmulatorJson.Wire.SubmitResponse),
        };
    }

    private EmulatedTask CreateTask(
        SubmitRequest request, string hash, string keyFingerprint, int attempt, IReadOnlyList<FaultKind> triggers)
    {
        var seed = state.Options.Seed;
        var fate = state.Faults.Draw(FaultStage.Task, hash, attempt, triggers);
        var outcome = fate switch
        {
            FaultKind.TaskError => TaskOutcome.Error,
            FaultKind.TaskFailed => TaskOutcome.Failed,
            FaultKind.TaskRequestModerated => TaskOutcome.RequestModerated,
            FaultKind.TaskContentModerated => TaskOutcome.ContentModerated,
            FaultKind.TaskNotFound => TaskOutcome.NotFound,
            _ => TaskOutcome.Ready,
        };
        var work = new GenerationWork(
            request.Model == SubmitValidator.FlexModel ? request.Steps ?? LatencySpec.DefaultSteps : LatencySpec.StepsWithoutSteps,
            CostEstimator.Megapixels(request.Width, request.Height));
        var latency = state.Options.Latency.Sample(
            DeterministicDraw.Unit(seed, "latency", hash, attempt), DeterministicDraw.Unit(seed, "latency/2", hash, attempt), work);
        var now = state.Time.GetUtcNow();

        Span<byte> id = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(id, DeterministicDraw.Bits(seed, "id", hash, attempt));
        BinaryPrimitives.WriteUInt64LittleEndian(id[8..], DeterministicDraw.Bits(seed, "id/2", hash, attempt));

        return new EmulatedTask
        {
            Id = new Guid(id).ToString(),
            RequestHash = hash,
            KeyFingerprint = keyFingerprint,
            Request = request,
            Picture = Images.PictureSpec.For(request.Prompt, request.Seed, request.Steps, request.Guidance, request.References,
                ulong.Parse(hash.AsSpan(0, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
            Outcome = outcome,
            FirstUrlExpired = fate == FaultKind.TaskExpiredSampleUrl,
            Triggers = triggers,
            CreatedAt = now,
            CompletesAt = now + latency,
            CostCredits = EmulatorPricing.CostCredits(state.Options.Prices, new(request.Model, request.Width, request.Height, request.InputMegapixels)),
            // Moderated tasks cost nothing; the emulator never charges them rather than refunding later.
            Charged = outcome is not (TaskOutcome.RequestModerated or TaskOutcome.ContentModerated),
        };
    }
}
