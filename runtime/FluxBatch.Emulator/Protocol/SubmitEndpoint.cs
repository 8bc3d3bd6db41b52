using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using FluxBatch.Emulator.Billing;
using FluxBatch.Emulator.Faults;
using FluxBatch.Emulator.Options;
using FluxBatch.Emulator.Tasks;
using FluxBatch.Manifest.Pricing;
using Microsoft.AspNetCore.Http;

namespace FluxBatch.Emulator.Protocol;

/// <summary>
/// <c>POST /v1/{model}</c> (BFL) and <c>POST /flux/v1/{model}</c> (CometAPI): authenticate, validate, maybe inject a
/// fault, charge, admit under the dialect's active-task limit, create the task, answer with its own polling URL (and,
/// for BFL, its cost). Errors come in the dialect's shape.
/// </summary>
internal sealed class SubmitEndpoint(EmulatorState state)
{
    public static readonly IReadOnlySet<string> Models = new HashSet<string>(StringComparer.Ordinal)
    {
        "flux-2-flex", "flux-2-pro", "flux-2-max", "flux-2-pro-preview", "flux-2-klein-4b", "flux-2-klein-9b",
    };

    public async Task<IResult> HandleAsync(HttpContext context, string model, WireDialect dialect)
    {
        if (!Models.Contains(model))
        {
            return Answers.NotFound(dialect);
        }
        var (keyFingerprint, authFailure) = state.Auth.Check(context.Request, dialect);
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
            return Answers.Invalid([new(["body"], "JSON decode error", "json_invalid")], dialect);
        }

        using (document)
        {
            var (request, errors) = state.Validator.Validate(model, document.RootElement);
            if (request is null)
            {
                return Answers.Invalid(errors, dialect);
            }
            var hash = RequestHash.Compute(model, document.RootElement);
            return Submit(context, request, hash, keyFingerprint!, dialect);
        }
    }

    private IResult Submit(HttpContext context, SubmitRequest request, string hash, string keyFingerprint, WireDialect dialect)
    {
        var attempt = state.SubmitAttempts.AddOrUpdate(hash, 0, (_, n) => n + 1);
        var triggers = PromptTriggers.Parse(request.Prompt);
        var fault = state.Faults.Draw(FaultStage.Submit, hash, attempt, triggers);
        var early = fault switch
        {
            FaultKind.SubmitRateLimited => Answers.RateLimited(context, "Injected fault: rate limited.", state.Options.RetryAfter, dialect),
            FaultKind.SubmitRateLimitedWithoutRetryAfter => Answers.RateLimited(context, "Injected fault: rate limited.", retryAfter: null, dialect),
            FaultKind.Submit500 or FaultKind.Submit502 or FaultKind.Submit503 => Answers.ServerError(fault.Value),
            FaultKind.SubmitDropBeforeCreate => Answers.Drop(context),
            FaultKind.SubmitRequestModerated => ModeratedAtSubmit(hash, attempt),
            _ => null,
        };
        if (early is not null)
        {
            return early;
        }

        var task = CreateTask(request, hash, keyFingerprint, attempt, triggers, dialect);
        if (task.Charged && !state.Ledger.TryCharge(task.CostCredits))
        {
            return Answers.Error(dialect, 402, "Insufficient credits", "insufficient_quota");
        }
        var limiter = state.LimiterFor(dialect);
        if (!limiter.TryAdmit(keyFingerprint, task.Id, task.CompletesAt, out var wait))
        {
            if (task.Charged)
            {
                state.Ledger.Refund(task.CostCredits);
            }
            return Answers.RateLimited(context,
                string.Create(CultureInfo.InvariantCulture, $"You have reached the limit of {limiter.Limit} active tasks."), wait, dialect);
        }
        state.Tasks.Add(task, task.CreatedAt);
        state.Stats.RecordSubmission(hash);

        return fault switch
        {
            FaultKind.SubmitDropAfterCreate => Answers.Drop(context),
            FaultKind.Submit500AfterCreate => Answers.ServerError(FaultKind.Submit500),
            // CometAPI hands on BFL's polling_url (on BFL's host, where a Comet key is no key): a client must poll
            // Comet's own get_result instead (flux-api.md, "ignore its polling_url").
            _ when dialect == WireDialect.Comet => Results.Json(new CometSubmitBody(task.Id, BflPollingUrl(task.Id)), EmulatorJson.Wire.CometSubmitBody),
            _ => Results.Json(new BflSubmitBody(task.Id, BflPollingUrl(task.Id), task.CostCredits, request.InputMegapixels,
                CostEstimator.Megapixels(request.Width, request.Height)), EmulatorJson.Wire.BflSubmitBody),
        };
    }

    /// <summary>The cluster's <c>get_result</c>, on the polling host when the emulator has one (a second loopback port).</summary>
    private string BflPollingUrl(string id) => $"{state.PollingBaseUrl}{state.Options.ClusterPrefix}/v1/get_result?id={id}";

    /// <summary>
    /// "Request Moderated" already at submission: no task is created and nothing is charged. The answer carries an id
    /// and the terminal status, as a poll would (the API documents the status, not this answer's exact shape).
    /// </summary>
    private static IResult ModeratedAtSubmit(string hash, int attempt)
    {
        Span<byte> id = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(id, DeterministicDraw.Bits(0, "moderated-id", hash, attempt));
        BinaryPrimitives.WriteUInt64LittleEndian(id[8..], DeterministicDraw.Bits(0, "moderated-id/2", hash, attempt));
        return Results.Json(new SubmitModeratedBody(new Guid(id).ToString(), WireStatus.RequestModerated,
            new System.Text.Json.Nodes.JsonObject { ["Moderation Reasons"] = new System.Text.Json.Nodes.JsonArray("Emulated input moderation at submission") }),
            EmulatorJson.Wire.SubmitModeratedBody);
    }

    private EmulatedTask CreateTask(
        SubmitRequest request, string hash, string keyFingerprint, int attempt, IReadOnlyList<FaultKind> triggers, WireDialect dialect)
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
            CostCredits = EmulatorPricing.CostCredits(dialect == WireDialect.Comet ? state.Options.CometPrices : state.Options.Prices,
                new(request.Model, request.Width, request.Height, request.InputMegapixels)),
            Dialect = dialect,
            // Moderated tasks cost nothing; the emulator never charges them rather than refunding later.
            Charged = outcome is not (TaskOutcome.RequestModerated or TaskOutcome.ContentModerated),
        };
    }
}
