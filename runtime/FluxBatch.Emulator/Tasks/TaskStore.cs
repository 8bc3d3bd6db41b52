using System.Collections.Concurrent;

namespace FluxBatch.Emulator.Tasks;

/// <summary>Every task the emulator has created, by id. Tasks are kept for the emulator's lifetime.</summary>
internal sealed class TaskStore
{
    private readonly ConcurrentDictionary<string, EmulatedTask> _tasks = new(StringComparer.Ordinal);

    public void Add(EmulatedTask task)
    {
        if (!_tasks.TryAdd(task.Id, task))
        {
            throw new InvalidOperationException($"Task id {task.Id} was issued twice.");
        }
    }

    public EmulatedTask? Find(string id) => _tasks.GetValueOrDefault(id);

    public IEnumerable<EmulatedTask> All => _tasks.Values;
}
