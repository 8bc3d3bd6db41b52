namespace FluxBatch.Emulator.Tasks;

/// <summary>How an emulated task ends, decided when it is created (by a trigger or a seeded draw).</summary>
public enum TaskOutcome
{
    Ready,
    Error,
    Failed,
    RequestModerated,
    ContentModerated,
    /// <summary>The task is taken and charged, but every poll answers <c>Task not found</c>.</summary>
    NotFound,
}
