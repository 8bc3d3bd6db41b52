using System.Collections.Concurrent;
using FluxBatch.Emulator.Billing;
using FluxBatch.Emulator.Delivery;
using FluxBatch.Emulator.Faults;
using FluxBatch.Emulator.Options;
using FluxBatch.Emulator.Protocol;
using FluxBatch.Emulator.Tasks;

namespace FluxBatch.Emulator;

/// <summary>Everything one emulator instance shares between its endpoints.</summary>
internal sealed class EmulatorState
{
    public EmulatorState(EmulatorOptions options)
    {
        Options = options;
        Time = options.TimeProvider;
        Ledger = new CreditLedger(options.InitialCredits);
        Limiter = new ActiveTaskLimiter(options.MaxActiveTasksPerKey, Time);
        CometLimiter = new ActiveTaskLimiter(options.CometMaxActiveTasksPerKey, Time);
        Tasks = new TaskStore(options.TaskRetention);
        Stats = new EmulatorStats(Ledger, Limiter, CometLimiter, Tasks);
        Faults = new FaultInjector(options.Seed, options.Faults, Stats);
        Auth = new AuthGate(options.AcceptedKeys);
        Validator = new SubmitValidator(options.MaxOutputPixels);
    }

    public EmulatorOptions Options { get; }
    public TimeProvider Time { get; }
    public CreditLedger Ledger { get; }
    public ActiveTaskLimiter Limiter { get; }
    /// <summary>CometAPI's limit is its own, counted apart from BFL's.</summary>
    public ActiveTaskLimiter CometLimiter { get; }

    public ActiveTaskLimiter LimiterFor(WireDialect dialect) => dialect == WireDialect.Comet ? CometLimiter : Limiter;
    public EmulatorStats Stats { get; }
    public FaultInjector Faults { get; }
    public AuthGate Auth { get; }
    public SubmitValidator Validator { get; }
    public SampleUrlSigner Signer { get; } = new();
    public TaskStore Tasks { get; }

    /// <summary>Submit attempts per request hash: the index of each seeded draw about that request.</summary>
    public ConcurrentDictionary<string, int> SubmitAttempts { get; } = new(StringComparer.Ordinal);

    /// <summary><c>http://127.0.0.1:PORT</c>, known once Kestrel has bound.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Where BFL polling URLs point: the second loopback port when <see cref="EmulatorOptions.PollingPort"/> is set, else <see cref="BaseUrl"/>.</summary>
    public string PollingBaseUrl { get; set; } = "";

    /// <summary>The bound polling port, or 0 when polls are served on the main port.</summary>
    public int PollingPort { get; set; }
}
