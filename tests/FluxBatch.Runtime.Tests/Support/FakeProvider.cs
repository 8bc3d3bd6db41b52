using System.Collections.Concurrent;
using System.Text;
using FluxBatch.Api;

namespace FluxBatch.Runtime.Tests.Support;

/// <summary>What the fake does with one submit (by prompt), or with one poll.</summary>
public enum FakeOutcome
{
    Ready,
    RateLimitOnce,
    InDoubt,
    Invalid,
    OutOfCredits,
    RequestModerated,
    ContentModerated,
    Error,
    ExpiredOnce,
    ExpiredAlways,
}

/// <summary>
/// An in-memory provider for executor unit tests (the HTTP client is tested against real servers elsewhere).
/// It counts submits per prompt, so tests can prove nothing was sent twice.
/// </summary>
internal sealed class FakeProvider : IFluxProvider
{
    private readonly ConcurrentDictionary<string, int> _submits = new();
    private readonly ConcurrentDictionary<string, (string Prompt, int Polls)> _tasks = new();
    private readonly ConcurrentDictionary<string, int> _downloads = new();
    private readonly ConcurrentDictionary<string, byte> _rateLimited = new();
    private int _inFlight;
    private int _maxInFlight;

    public string Name => "fake";

    /// <summary>Outcome per prompt; default Ready.</summary>
    public Func<string, FakeOutcome> Outcome { get; init; } = _ => FakeOutcome.Ready;

    /// <summary>Reported cost in credits per prompt; null: none reported.</summary>
    public Func<string, decimal?> CostCredits { get; init; } = _ => 6m;

    /// <summary>Polls answering Pending before Ready.</summary>
    public int PendingPolls { get; init; }

    /// <summary>Called inside each submit (tests use it to block or to cancel).</summary>
    public Func<string, Task>? OnSubmit { get; init; }

    /// <summary>Called inside each poll, with the task's prompt (tests use it to hold a task in flight).</summary>
    public Func<string, Task>? OnPoll { get; init; }

    public IReadOnlyDictionary<string, int> SubmitsByPrompt => _submits;
    public int TotalSubmits => _submits.Values.Sum();
    public int MaxInFlight => _maxInFlight;

    public async Task<SubmittedTask> SubmitAsync(string model, FluxRequest request, CancellationToken cancellationToken)
    {
        if (OnSubmit is not null)
            await OnSubmit(request.Prompt).ConfigureAwait(false);
        var outcome = Outcome(request.Prompt);
        _submits.AddOrUpdate(request.Prompt, 1, (_, n) => n + 1);
        switch (outcome)
        {
            case FakeOutcome.RateLimitOnce when _rateLimited.TryAdd(request.Prompt, 0):
                _submits.AddOrUpdate(request.Prompt, 0, (_, n) => n - 1); // refused: not an accepted submission
                throw new FluxApiException(FluxErrorKind.RateLimited, "HTTP 429: too many active tasks", 429, TimeSpan.Zero);
            case FakeOutcome.InDoubt:
                throw new FluxApiException(FluxErrorKind.InDoubt, "HTTP 500: boom", 500);
            case FakeOutcome.Invalid:
                _submits.AddOrUpdate(request.Prompt, 0, (_, n) => n - 1);
                throw new FluxApiException(FluxErrorKind.InvalidRequest, "HTTP 422: body.steps: ensure this value is less than or equal to 50", 422);
            case FakeOutcome.OutOfCredits:
                _submits.AddOrUpdate(request.Prompt, 0, (_, n) => n - 1);
                throw new FluxApiException(FluxErrorKind.OutOfCredits, "HTTP 402: insufficient credits", 402);
        }
        var id = Guid.NewGuid().ToString("N");
        _tasks[id] = (request.Prompt, 0);
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        return new SubmittedTask(id, new Uri($"https://fake.invalid/v1/get_result?id={id}"), CostCredits(request.Prompt));
    }

    public async Task<PollResponse> PollAsync(SubmittedTask task, CancellationToken cancellationToken)
    {
        if (!_tasks.TryGetValue(task.Id, out var state))
            return new PollResponse { Id = task.Id, Status = TaskStatuses.TaskNotFound };
        if (OnPoll is not null)
            await OnPoll(state.Prompt).ConfigureAwait(false);
        _tasks[task.Id] = state with { Polls = state.Polls + 1 };
        if (state.Polls < PendingPolls)
            return new PollResponse { Id = task.Id, Status = TaskStatuses.Pending };
        var status = Outcome(state.Prompt) switch
        {
            FakeOutcome.RequestModerated => TaskStatuses.RequestModerated,
            FakeOutcome.ContentModerated => TaskStatuses.ContentModerated,
            FakeOutcome.Error => TaskStatuses.Error,
            _ => TaskStatuses.Ready,
        };
        // Active, as the API counts it, until the first poll that finds it finished.
        if (state.Polls == PendingPolls)
            Interlocked.Decrement(ref _inFlight);
        return new PollResponse
        {
            Id = task.Id,
            Status = status,
            Result = status == TaskStatuses.Ready ? new PollResult { Sample = $"https://delivery.fake.invalid/{task.Id}/{state.Polls}" } : null,
        };
    }

    public Task<byte[]> DownloadAsync(Uri sample, CancellationToken cancellationToken)
    {
        var id = sample.Segments[1].TrimEnd('/');
        var prompt = _tasks[id].Prompt;
        var attempt = _downloads.AddOrUpdate(id, 1, (_, n) => n + 1);
        if (Outcome(prompt) == FakeOutcome.ExpiredAlways || (Outcome(prompt) == FakeOutcome.ExpiredOnce && attempt == 1))
            throw new FluxApiException(FluxErrorKind.Expired, "sample URL answered 403: expired", 403);
        return Task.FromResult(Encoding.UTF8.GetBytes("image of " + prompt));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
