namespace FluxBatch.Emulator.Options;

/// <summary>Where a fault strikes. Each stage draws once per event, so the rates of one stage must sum to at most 1.</summary>
public enum FaultStage
{
    /// <summary>A <c>POST /v1/{model}</c> attempt (drawn per request hash and attempt number).</summary>
    Submit,
    /// <summary>A <c>GET get_result</c> (drawn per task and poll number).</summary>
    Poll,
    /// <summary>A sample download (drawn per task and download number).</summary>
    Download,
    /// <summary>A task's fate, decided once when it is created.</summary>
    Task,
}

/// <summary>Every fault the emulator can inject. Names (<see cref="FaultCatalog"/>) are used on the command line and in prompt triggers.</summary>
public enum FaultKind
{
    SubmitRateLimited,
    SubmitRateLimitedWithoutRetryAfter,
    Submit500,
    Submit502,
    Submit503,
    /// <summary>The connection is dropped before the task exists: nothing is created or charged.</summary>
    SubmitDropBeforeCreate,
    /// <summary>The task is created and charged, then the connection is dropped: the client cannot know.</summary>
    SubmitDropAfterCreate,
    /// <summary>The task is created and charged, then the answer is a 500.</summary>
    Submit500AfterCreate,
    /// <summary>"Request Moderated" answered at submission: no task is created, nothing is charged.</summary>
    SubmitRequestModerated,
    Poll500,
    Poll502,
    Poll503,
    PollDrop,
    Download500,
    Download502,
    Download503,
    DownloadDrop,
    /// <summary>The image bytes trickle out in small chunks with pauses.</summary>
    DownloadSlowBody,
    /// <summary>The task ends with status <c>Error</c> (charged).</summary>
    TaskError,
    /// <summary>The task ends with status <c>Failed</c> (charged).</summary>
    TaskFailed,
    /// <summary>The task ends with <c>Request Moderated</c> (not charged).</summary>
    TaskRequestModerated,
    /// <summary>The task ends with <c>Content Moderated</c> (not charged).</summary>
    TaskContentModerated,
    /// <summary>Every poll of the task answers <c>Task not found</c> (charged: the job was taken).</summary>
    TaskNotFound,
    /// <summary>The first sample URL issued for the task has already expired; later polls issue valid ones.</summary>
    TaskExpiredSampleUrl,
}

/// <summary>One row of the fault catalogue.</summary>
public sealed record FaultDefinition(FaultKind Kind, string Name, FaultStage Stage, string Description);

/// <summary>
/// The names of the faults, as typed in <c>--fault NAME=RATE</c> and in prompt triggers <c>[[NAME]]</c>.
/// One table, so the CLI, the triggers and the docs cannot drift apart.
/// </summary>
public static class FaultCatalog
{
    public static IReadOnlyList<FaultDefinition> All { get; } =
    [
        new(FaultKind.SubmitRateLimited, "submit.429", FaultStage.Submit, "429 with a Retry-After header"),
        new(FaultKind.SubmitRateLimitedWithoutRetryAfter, "submit.429-bare", FaultStage.Submit, "429 without Retry-After"),
        new(FaultKind.Submit500, "submit.500", FaultStage.Submit, "500, nothing created"),
        new(FaultKind.Submit502, "submit.502", FaultStage.Submit, "502 (plain-text body), nothing created"),
        new(FaultKind.Submit503, "submit.503", FaultStage.Submit, "503 (plain-text body), nothing created"),
        new(FaultKind.SubmitDropBeforeCreate, "submit.drop", FaultStage.Submit, "connection dropped, nothing created"),
        new(FaultKind.SubmitDropAfterCreate, "submit.drop-after", FaultStage.Submit, "task created and charged, then connection dropped"),
        new(FaultKind.Submit500AfterCreate, "submit.500-after", FaultStage.Submit, "task created and charged, then 500"),
        new(FaultKind.SubmitRequestModerated, "submit.request-moderated", FaultStage.Submit, "Request Moderated at submission: no task, not charged"),
        new(FaultKind.Poll500, "poll.500", FaultStage.Poll, "500 on get_result"),
        new(FaultKind.Poll502, "poll.502", FaultStage.Poll, "502 on get_result"),
        new(FaultKind.Poll503, "poll.503", FaultStage.Poll, "503 on get_result"),
        new(FaultKind.PollDrop, "poll.drop", FaultStage.Poll, "connection dropped on get_result"),
        new(FaultKind.Download500, "download.500", FaultStage.Download, "500 on the sample URL"),
        new(FaultKind.Download502, "download.502", FaultStage.Download, "502 on the sample URL"),
        new(FaultKind.Download503, "download.503", FaultStage.Download, "503 on the sample URL"),
        new(FaultKind.DownloadDrop, "download.drop", FaultStage.Download, "connection dropped on the sample URL"),
        new(FaultKind.DownloadSlowBody, "download.slow", FaultStage.Download, "image bytes trickled in small chunks"),
        new(FaultKind.TaskError, "task.error", FaultStage.Task, "status Error with details (charged)"),
        new(FaultKind.TaskFailed, "task.failed", FaultStage.Task, "status Failed with details (charged)"),
        new(FaultKind.TaskRequestModerated, "task.request-moderated", FaultStage.Task, "status Request Moderated (not charged)"),
        new(FaultKind.TaskContentModerated, "task.content-moderated", FaultStage.Task, "status Content Moderated (not charged)"),
        new(FaultKind.TaskNotFound, "task.not-found", FaultStage.Task, "every poll answers Task not found (charged)"),
        new(FaultKind.TaskExpiredSampleUrl, "task.expired-url", FaultStage.Task, "the first sample URL issued is already expired"),
    ];

    private static readonly Dictionary<string, FaultDefinition> ByName =
        All.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<FaultKind, FaultDefinition> ByKind = All.ToDictionary(d => d.Kind);

    public static FaultDefinition Get(FaultKind kind) => ByKind[kind];

    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FaultDefinition? definition) =>
        ByName.TryGetValue(name, out definition);

    /// <summary>The kinds of one stage, in catalogue order (the order in which one draw is walked).</summary>
    public static IReadOnlyList<FaultKind> OfStage(FaultStage stage) => ByStage[stage];

    private static readonly Dictionary<FaultStage, FaultKind[]> ByStage = Enum.GetValues<FaultStage>()
        .ToDictionary(stage => stage, stage => All.Where(d => d.Stage == stage).Select(d => d.Kind).ToArray());
}
