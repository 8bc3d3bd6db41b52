using System.Threading.Channels;
using FluxBatch.Execution;
using FluxBatch.Manifest.Model;
using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch.Scoring;

/// <summary>
/// Scores images while a run delivers them (<c>score:</c> in the manifest): the executor's
/// <see cref="ExecutorOptions.OnImageSaved"/> queues each saved job, and a few workers (one per core by default)
/// score them in the background, so a slow OCR never holds a job's slot or a poll. <see cref="CompleteAsync"/> waits
/// for the queue to drain once the run is over; <see cref="FinishAsync"/> also scores what earlier runs left. Made by
/// <see cref="RunReports.StartScoringAsync"/>.
/// </summary>
public sealed class ScoringQueue : IAsyncDisposable
{
    private readonly Channel<PlannedJob> _queue = Channel.CreateUnbounded<PlannedJob>(new() { SingleReader = false });
    private readonly RunJournalScores _scores;
    private readonly RunScoring _scoring;
    private readonly List<ScoredImage> _results = [];
    private readonly Task[] _workers;
    private readonly CancellationToken _cancellationToken;
    private readonly string _runDirectory;
    private readonly Plan? _plan;
    private readonly int _parallelism;

    private ScoringQueue(string runDirectory, Plan? plan, RunJournalScores scores, RunScoring scoring, int workers, CancellationToken cancellationToken)
    {
        _runDirectory = runDirectory;
        _plan = plan;
        _parallelism = Math.Max(1, workers);
        _scores = scores;
        _scoring = scoring;
        _cancellationToken = cancellationToken;
        _workers = Enumerable.Range(0, Math.Max(1, workers)).Select(_ => Task.Run(WorkAsync, CancellationToken.None)).ToArray();
    }

    /// <summary>Why text fidelity is not scored on this machine, or null.</summary>
    public string? OcrUnavailable => _scoring.OcrUnavailable;

    /// <summary>The scoring behind the queue (to score what the run did not deliver itself, e.g. earlier runs' images).</summary>
    internal RunScoring Scoring => _scoring;

    internal static Task<ScoringQueue> StartAsync(string runDirectory, ManifestSpec manifest, ScoringOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(runDirectory, manifest, plan: null, options, cancellationToken);

    internal static async Task<ScoringQueue> StartAsync(string runDirectory, ManifestSpec manifest, Plan? plan, ScoringOptions? options, CancellationToken cancellationToken)
    {
        options ??= new ScoringOptions();
        Directory.CreateDirectory(runDirectory);
        var scores = RunJournalScores.Open(runDirectory);
        var scoring = await RunScoring.StartAsync(new RunFolder(runDirectory), scores, manifest, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ScoringQueue(runDirectory, plan, scores, scoring, options.Parallelism, cancellationToken);
    }

    /// <summary>Queues a saved job's image; returns at once (the executor calls this from the job's task).</summary>
    public void Enqueue(PlannedJob job) => _queue.Writer.TryWrite(job);

    /// <summary>
    /// After the run: stops taking jobs, waits for those queued, then scores what earlier runs left unscored (a resumed
    /// run delivers only the new images). The report covers both.
    /// </summary>
    public async Task<ScoreReport> FinishAsync(CancellationToken cancellationToken = default)
    {
        var during = await CompleteAsync().ConfigureAwait(false);
        IReadOnlyList<ScoredImage> rest;
        await using (var journal = RunJournal.Open(_runDirectory))
            rest = await _scoring.ScoreRunAsync(journal, _plan, _parallelism, cancellationToken: cancellationToken).ConfigureAwait(false);
        return ScoreReport.Of([.. during, .. rest], _plan, OcrUnavailable);
    }

    /// <summary>Stops taking jobs and waits until every queued one is scored; returns every outcome.</summary>
    internal async Task<IReadOnlyList<ScoredImage>> CompleteAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers).ConfigureAwait(false);
        lock (_results)
            return _results.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await CompleteAsync().ConfigureAwait(false);
        _scores.Dispose();
    }

    private async Task WorkAsync()
    {
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(_cancellationToken).ConfigureAwait(false))
            {
                var result = await _scoring.ScoreAsync(job.Id, job.OutputFile, job, _cancellationToken).ConfigureAwait(false);
                lock (_results)
                    _results.Add(result);
            }
        }
        catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
        {
            // Interrupted: what is not scored now is scored by the next run or `fluxbatch score`.
        }
    }
}
