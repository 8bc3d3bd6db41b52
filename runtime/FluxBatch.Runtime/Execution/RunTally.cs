using FluxBatch.Outputs;

namespace FluxBatch.Execution;

/// <summary>Thread-safe counters of a run, plus the first few failures and in-doubt jobs by name (the journal has all).</summary>
internal sealed class RunTally(int listedIssues)
{
    private readonly List<JobIssue> _failures = [];
    private readonly List<JobIssue> _inDoubt = [];
    private long _downloaded, _alreadyDone, _failed, _inDoubtCount, _unfinished, _notRun, _submissions;

    public long Downloaded => Interlocked.Read(ref _downloaded);
    public long AlreadyDone => Interlocked.Read(ref _alreadyDone);
    public long Failed => Interlocked.Read(ref _failed);
    public long InDoubt => Interlocked.Read(ref _inDoubtCount);
    public long Unfinished => Interlocked.Read(ref _unfinished);
    public long NotRun => Interlocked.Read(ref _notRun);
    public long Submissions => Interlocked.Read(ref _submissions);
    public long Finished => Downloaded + AlreadyDone + Failed + InDoubt + Unfinished + NotRun;

    /// <summary>When the first POST went out (run.json's <c>first_post</c>).</summary>
    public FirstPostClock FirstPost { get; } = new();

    public void AddDownloaded() => Interlocked.Increment(ref _downloaded);
    public void AddAlreadyDone() => Interlocked.Increment(ref _alreadyDone);
    public void AddUnfinished() => Interlocked.Increment(ref _unfinished);
    public void AddNotRun(long count = 1) => Interlocked.Add(ref _notRun, count);
    public void AddSubmission() => Interlocked.Increment(ref _submissions);

    public void AddFailed(JobIssue issue)
    {
        Interlocked.Increment(ref _failed);
        Remember(_failures, issue);
    }

    public void AddInDoubt(JobIssue issue)
    {
        Interlocked.Increment(ref _inDoubtCount);
        Remember(_inDoubt, issue);
    }

    public IReadOnlyList<JobIssue> Failures() { lock (_failures) return _failures.OrderBy(i => i.Index).ToList(); }

    public IReadOnlyList<JobIssue> InDoubtJobs() { lock (_inDoubt) return _inDoubt.OrderBy(i => i.Index).ToList(); }

    private void Remember(List<JobIssue> list, JobIssue issue)
    {
        lock (list)
        {
            if (list.Count < listedIssues)
                list.Add(issue);
        }
    }
}
