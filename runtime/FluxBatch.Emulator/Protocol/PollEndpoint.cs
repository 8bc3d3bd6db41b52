using System.Text.Json.Nodes;
using FluxBatch.Emulator.Faults;
using FluxBatch.Emulator.Images;
using FluxBatch.Emulator.Options;
using FluxBatch.Emulator.Tasks;
using Microsoft.AspNetCore.Http;

namespace FluxBatch.Emulator.Protocol;

/// <summary>
/// <c>GET {cluster}/v1/get_result?id=</c> (and the global <c>/v1/get_result?id=</c>): the task's status by the
/// clock, and once Ready a freshly signed sample URL on every poll.
/// </summary>
internal sealed class PollEndpoint(EmulatorState state)
{
    private static readonly IReadOnlyList<FaultKind> NoTriggers = [];

    public IResult Handle(HttpContext context, bool onCluster, WireDialect dialect)
    {
        var (keyFingerprint, authFailure) = state.Auth.Check(context.Request, dialect);
        if (authFailure is not null)
        {
            return authFailure;
        }
        var id = context.Request.Query["id"].ToString();
        if (id.Length == 0)
        {
            return Answers.Invalid([new(["query", "id"], "Field required", "missing")], dialect);
        }
        state.Stats.RecordPoll();

        var now = state.Time.GetUtcNow();
        // A forgotten task (TaskRetention after it finished) is not found, exactly like an id never issued.
        var task = state.Tasks.Find(id, now);
        // A task is visible only to its own account (a dialect's key is its own account), and, when the cluster is
        // strict, only on its cluster's path; with a polling port, a BFL task is on that host only.
        var visible = task is not null && task.KeyFingerprint == keyFingerprint && task.Dialect == dialect
            && (dialect == WireDialect.Comet || OnPollingHost(context))
            && (dialect == WireDialect.Comet || onCluster || !state.Options.StrictCluster || state.Options.ClusterPrefix.Length == 0);

        var attempt = visible ? task!.NextPoll() : 0;
        var fault = state.Faults.Draw(FaultStage.Poll, id, attempt, visible ? task!.Triggers : NoTriggers);
        if (fault == FaultKind.PollDrop)
        {
            return Answers.Drop(context);
        }
        if (fault is not null)
        {
            return Answers.ServerError(fault.Value);
        }

        if (!visible)
        {
            return NotFound(id);
        }
        var (status, progress) = task!.StatusAt(now);
        return status == WireStatus.TaskNotFound
            ? NotFound(id)
            : Json(new PollBody(id, status, status == WireStatus.Ready ? Result(task, now) : null, progress, Details(task, now), null));
    }

    private bool OnPollingHost(HttpContext context) => state.PollingPort == 0 || context.Connection.LocalPort == state.PollingPort;

    private IResult NotFound(string id) =>
        Json(new PollBody(id, WireStatus.TaskNotFound, null, null, null, null), state.Options.TaskNotFoundStatusCode);

    private static IResult Json(PollBody body, int statusCode = 200) =>
        Results.Json(body, EmulatorJson.Wire.PollBody, statusCode: statusCode);

    private SampleResult Result(EmulatedTask task, DateTimeOffset now)
    {
        var firstUrl = task.NextUrl() == 0;
        // An injected expiry issues a URL that has already expired; the next poll issues a valid one.
        var expiresAt = firstUrl && task.FirstUrlExpired ? now - TimeSpan.FromSeconds(1) : now + state.Options.SampleUrlLifetime;
        var fileName = $"{task.Id}.{ImageEncoder.Extension(task.Request.Format)}";
        return new SampleResult(
            state.BaseUrl + state.Signer.Sign(fileName, expiresAt),
            task.Request.Prompt,
            task.Request.Seed,
            task.CreatedAt.ToUnixTimeMilliseconds() / 1000.0,
            task.CompletesAt.ToUnixTimeMilliseconds() / 1000.0,
            (task.CompletesAt - task.CreatedAt).TotalSeconds);
    }

    private static JsonObject? Details(EmulatedTask task, DateTimeOffset now) =>
        !task.IsFinished(now) ? null : task.Outcome switch
        {
            TaskOutcome.Error => new JsonObject { ["error"] = "Emulated generation error (task.error)." },
            TaskOutcome.Failed => new JsonObject { ["error"] = "Emulated generation failure (task.failed)." },
            TaskOutcome.RequestModerated => new JsonObject { ["Moderation Reasons"] = new JsonArray("Emulated input moderation") },
            TaskOutcome.ContentModerated => new JsonObject { ["Moderation Reasons"] = new JsonArray("Emulated output moderation") },
            _ => null,
        };
}
