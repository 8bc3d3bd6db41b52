using System.Globalization;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Pricing;
using FluxBatch.Manifest.Rules;

namespace FluxBatch.Emulator.Options;

/// <summary>
/// Everything an emulator instance can be told. Every property has a documented default, so
/// <c>new EmulatorOptions()</c> is a fault-free, zero-latency server on a free loopback port that accepts any
/// well-formed key. <see cref="Validate"/> lists every problem at once; the server refuses to start on any.
/// </summary>
public sealed record EmulatorOptions
{
    /// <summary>The real API's limit of active tasks per account.</summary>
    public const int ApiActiveTaskLimit = ApiLimits.ActiveTasksPerAccount;

    /// <summary>TCP port on 127.0.0.1; 0 (default) picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// The keys accepted in <c>x-key</c>. Empty (default): any well-formed key is accepted, which is how the CLI embeds
    /// the emulator with a generated local key. Keys are never printed or logged.
    /// </summary>
    public IReadOnlyList<string> AcceptedKeys { get; init; } = [];

    /// <summary>Generation time per task (default zero: ready on the first poll).</summary>
    public LatencySpec Latency { get; init; } = LatencySpec.Zero;

    /// <summary>Injected faults by rate (default none). Prompt triggers work regardless.</summary>
    public FaultRates Faults { get; init; } = FaultRates.None;

    /// <summary>Seed of every random draw (latency, faults, task ids), so a run reproduces. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>How long a sample URL stays valid after it is issued (default 10 minutes, as the real API).</summary>
    public TimeSpan SampleUrlLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a finished task is remembered (default 10 minutes, the sample URL lifetime: the API does not document
    /// its own). Counted from the task's completion; after it, polls answer <c>Task not found</c> exactly as for an
    /// unknown id, its sample URLs answer 404, and its memory is freed. Unfinished tasks are never forgotten.
    /// Submission counters (<see cref="EmulatorStats"/>) are kept regardless.
    /// </summary>
    public TimeSpan TaskRetention { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Active (unfinished) tasks per key before submits answer 429 (default 24, as the real API).</summary>
    public int MaxActiveTasksPerKey { get; init; } = ApiActiveTaskLimit;

    /// <summary>
    /// Active tasks per key on the CometAPI dialect, counted apart from BFL's (CometAPI's limit is its own and
    /// unpublished; default 24 until a figure is known).
    /// </summary>
    public int CometMaxActiveTasksPerKey { get; init; } = ApiActiveTaskLimit;

    /// <summary>
    /// When set, polling URLs point at a second loopback port (0 picks a free one), as BFL's point at the cluster that
    /// took the job (<c>api.eu2.bfl.ai</c>): BFL tasks are then visible on that port only, so a client that rebuilds
    /// the polling URL from its base URL gets <c>Task not found</c>. Default null: one port.
    /// </summary>
    public int? PollingPort { get; init; }

    /// <summary>The <c>Retry-After</c> sent with an injected <c>submit.429</c> (default 1 s; whole seconds on the wire, rounded up).</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Path prefix of the <c>polling_url</c> the emulator hands out, imitating a regional cluster
    /// (default <c>/eu2</c>, giving <c>/eu2/v1/get_result?id=</c>). Empty: the global path.
    /// </summary>
    public string ClusterPrefix { get; init; } = "/eu2";

    /// <summary>
    /// When true, the global <c>/v1/get_result</c> answers <c>Task not found</c> for tasks created on the cluster,
    /// as the real API can: it catches clients that rebuild the polling URL. Default false (both paths work).
    /// </summary>
    public bool StrictCluster { get; init; }

    /// <summary>HTTP status that comes with a <c>Task not found</c> body (default 200; the body is the same either way).</summary>
    public int TaskNotFoundStatusCode { get; init; } = 200;

    /// <summary>Largest accepted width×height (default 4,194,304 = 2048×2048, the documented cap).</summary>
    public long MaxOutputPixels { get; init; } = 2048 * 2048;

    /// <summary>
    /// Prices the emulator charges by (default the shared <see cref="DefaultPrices.Table"/>, as the planner estimates).
    /// The CLI's embedded emulator can pass a manifest's own table so charges match its estimates.
    /// </summary>
    public PriceTable Prices { get; init; } = DefaultPrices.Table;

    /// <summary>
    /// Prices of the CometAPI dialect (default <see cref="DefaultPrices.Comet"/>: flux-2-flex at $0.008 per request). They
    /// are charged to the same balance, but never reported: CometAPI's submit answer has no <c>cost</c>.
    /// </summary>
    public PriceTable CometPrices { get; init; } = DefaultPrices.Comet;

    /// <summary>Starting balance of <c>GET /v1/credits</c>; a submit that costs more than is left answers 402. Default 1,000,000.</summary>
    public decimal InitialCredits { get; init; } = 1_000_000m;

    /// <summary>A slow body (<c>download.slow</c>) writes this many bytes per chunk (default 512).</summary>
    public int SlowBodyChunkBytes { get; init; } = 512;

    /// <summary>A slow body pauses this long between chunks (default 20 ms).</summary>
    public TimeSpan SlowBodyChunkDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// When true (default), a sample download that carries an <c>x-key</c> header is refused with 403: the real
    /// delivery host is a third party, so a client sending the key there leaks it.
    /// </summary>
    public bool RejectKeyOnDownload { get; init; } = true;

    /// <summary>ASP.NET Core logging to the console (default off: the emulator is quiet).</summary>
    public bool ConsoleLogging { get; init; }

    /// <summary>Clock for latencies, URL expiry and task retention (default the system clock; tests may pass a FakeTimeProvider).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Every problem with these options, as sentences; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Port is < 0 or > 65535)
        {
            problems.Add(Invariant($"Port {Port} is outside 0..65535."));
        }
        for (var i = 0; i < AcceptedKeys.Count; i++)
        {
            // Never echo the key itself, even in an error.
            if (!ApiKeyFormat.IsWellFormed(AcceptedKeys[i]))
            {
                problems.Add(Invariant($"AcceptedKeys[{i}] is not a well-formed key ({ApiKeyFormat.Description})."));
            }
        }
        problems.AddRange(Latency.Validate());
        problems.AddRange(Faults.Validate());
        RequirePositive(SampleUrlLifetime, nameof(SampleUrlLifetime), problems);
        RequirePositive(TaskRetention, nameof(TaskRetention), problems);
        if (MaxActiveTasksPerKey < 1)
        {
            problems.Add(Invariant($"MaxActiveTasksPerKey must be at least 1, not {MaxActiveTasksPerKey}."));
        }
        if (CometMaxActiveTasksPerKey < 1)
        {
            problems.Add(Invariant($"CometMaxActiveTasksPerKey must be at least 1, not {CometMaxActiveTasksPerKey}."));
        }
        if (PollingPort is < 0 or > 65535 || (PollingPort is { } polling && polling != 0 && polling == Port))
        {
            problems.Add(Invariant($"PollingPort {PollingPort} must be in 0..65535 and differ from Port."));
        }
        if (RetryAfter < TimeSpan.Zero)
        {
            problems.Add("RetryAfter must not be negative.");
        }
        if (ClusterPrefix.Length > 0 && (!ClusterPrefix.StartsWith('/') || ClusterPrefix.EndsWith('/') || ClusterPrefix.Contains('?', StringComparison.Ordinal)))
        {
            problems.Add($"ClusterPrefix '{ClusterPrefix}' must be empty or a path like /eu2 (leading slash, no trailing slash).");
        }
        if (TaskNotFoundStatusCode is not (200 or 404))
        {
            problems.Add(Invariant($"TaskNotFoundStatusCode must be 200 or 404, not {TaskNotFoundStatusCode}."));
        }
        if (MaxOutputPixels < 64 * 64)
        {
            problems.Add(Invariant($"MaxOutputPixels must be at least {64 * 64}."));
        }
        if (InitialCredits < 0)
        {
            problems.Add("InitialCredits must not be negative.");
        }
        if (SlowBodyChunkBytes < 1)
        {
            problems.Add("SlowBodyChunkBytes must be at least 1.");
        }
        if (SlowBodyChunkDelay < TimeSpan.Zero)
        {
            problems.Add("SlowBodyChunkDelay must not be negative.");
        }
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, if there is any.</summary>
    public void EnsureValid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid emulator options: " + string.Join(" ", problems));
        }
    }

    private static void RequirePositive(TimeSpan value, string name, List<string> problems)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{name} must be positive.");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
