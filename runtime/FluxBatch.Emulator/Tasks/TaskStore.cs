using System.Collections.Concurrent;

namespace FluxBatch.Emulator.Tasks;

/// <summary>
/// The tasks the emulator remembers, by id. A finished task is forgotten <c>retention</c> after it finishes, as the
/// real API forgets results: from then on it is found no more (a poll answers <c>Task not found</c>, as for an id
/// never issued). Completion times are fixed at creation, so each task's forget time is known when it is added;
/// tasks wait in a queue ordered by that time, and each <see cref="Add"/> drops those whose time has come. The cost
/// is amortized O(log n) per submit, nothing per poll beyond one comparison, and no background timer.
/// </summary>
internal sealed class TaskStore(TimeSpan retention)
{
    private readonly ConcurrentDictionary<string, EmulatedTask> _tasks = new(StringComparer.Ordinal);
    private readonly PriorityQueue<EmulatedTask, DateTimeOffset> _byForgetTime = new();
    private readonly Lock _sweep = new();

    /// <summary>How many tasks are held now, including forgotten ones the next sweep drops.</summary>
    public int Count => _tasks.Count;

    /// <summary>Adds a task created at <paramref name="now"/>, and drops every task forgotten by then.</summary>
    public void Add(EmulatedTask task, DateTimeOffset now)
    {
        if (!_tasks.TryAdd(task.Id, task))
        {
            throw new InvalidOperationException($"Task id {task.Id} was issued twice.");
        }
        lock (_sweep)
        {
            _byForgetTime.Enqueue(task, ForgetAt(task));
            while (_byForgetTime.TryPeek(out var oldest, out var forgetAt) && forgetAt <= now)
            {
                _byForgetTime.Dequeue();
                _tasks.TryRemove(oldest.Id, out _);
            }
        }
    }

    /// <summary>The task with this id, unless it was never created or is forgotten at <paramref name="now"/>.</summary>
    public EmulatedTask? Find(string id, DateTimeOffset now) =>
        _tasks.TryGetValue(id, out var task) && now < ForgetAt(task) ? task : null;

    /// <summary>Every task not forgotten at <paramref name="now"/>.</summary>
    public IEnumerable<EmulatedTask> All(DateTimeOffset now) => _tasks.Values.Where(task => now < ForgetAt(task));

    /// <summary>When the task is forgotten: <c>retention</c> after it finishes (never, if that is past the calendar's end).</summary>
    private DateTimeOffset ForgetAt(EmulatedTask task) =>
        retention.Ticks < DateTimeOffset.MaxValue.UtcTicks - task.CompletesAt.UtcTicks ? task.CompletesAt + retention : DateTimeOffset.MaxValue;
}
