using FluxBatch.Api;
using FluxBatch.Execution;
using FluxBatch.Execution.Jobs;
using FluxBatch.Outputs;
using FluxBatch.Planning;
using FluxBatch.Runtime.Tests.Support;

namespace FluxBatch.Runtime.Tests.Execution.Jobs;

/// <summary>One job's steps built by hand around a real journal in a temp folder, for testing each step alone.</summary>
internal sealed class JobStepFixture : IAsyncDisposable
{
    private readonly TempDir _dir = new();

    public JobStepFixture(IFluxProvider provider, decimal? budgetUsd = null)
    {
        Provider = provider;
        Journal = RunJournal.Open(_dir.Path);
        Ledger = new BudgetLedger(budgetUsd);
        Limiter = new ConcurrencyLimiter(2);
        Tally = new RunTally(10);
        Signals = new JobSignals(Stop, TimeProvider.System, CancellationToken.None, CancellationToken.None);
        Recorder = new JobRecorder(Journal, Tally, SecretRedactor.None, TimeProvider.System);
        Options = ExecutorHarness.FastOptions(concurrency: 2);
    }

    public IFluxProvider Provider { get; }
    public RunJournal Journal { get; }
    public BudgetLedger Ledger { get; }
    public ConcurrencyLimiter Limiter { get; }
    public RunTally Tally { get; }
    public RunStop Stop { get; } = new();
    public JobSignals Signals { get; }
    public JobRecorder Recorder { get; }
    public ExecutorOptions Options { get; }
    public string Root => _dir.Path;
    public PlannedJob Job { get; } = TestPlans.Job(0);

    public SubmitStep Submit() => new(Provider, Ledger, Limiter, Options.RateLimitBackoff, Recorder, Signals);

    public AwaitReadyStep AwaitReady() =>
        new(Provider, new PollPacer(Options.PollInterval, Options.Concurrency), Ledger, new DeliveryGate(2), Options, Recorder, Signals);

    public DeliverStep Deliver() => new(new JobOutputWriter(new RunFolder(Root), "test", SecretRedactor.None), Provider.Name, null, Recorder, Signals);

    /// <summary>A slot as the producer hands it over: started, not yet holding an API slot.</summary>
    public async Task<JobSlot> StartedSlotAsync()
    {
        await Limiter.StartAsync(CancellationToken.None);
        return new JobSlot(Limiter);
    }

    /// <summary>The job's row once everything queued is committed.</summary>
    public async Task<JournalRecord> RowAsync()
    {
        await Journal.FlushAsync();
        return Journal.Find(Job.Id)!;
    }

    public async ValueTask DisposeAsync()
    {
        await Journal.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>A provider whose submit answers with one scripted error, and which looks at the run at the moment of the POST.</summary>
internal sealed class RefusingProvider(FluxApiException refusal, Func<string?>? atPost = null) : IFluxProvider
{
    public string Name => "refusing";

    /// <summary>What <c>atPost</c> saw when the POST went out.</summary>
    public string? SeenAtPost { get; private set; }

    public Task<SubmittedTask> SubmitAsync(string model, FluxRequest request, CancellationToken cancellationToken)
    {
        SeenAtPost = atPost?.Invoke();
        throw refusal;
    }

    public Task<PollResponse> PollAsync(SubmittedTask task, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<byte[]> DownloadAsync(Uri sample, CancellationToken cancellationToken) => throw new NotSupportedException();
}
