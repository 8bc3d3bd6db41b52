using FluxBatch.Emulator.Options;

namespace FluxBatch.Emulator.Faults;

/// <summary>
/// Decides, per event, which fault (if any) strikes: a prompt trigger first, otherwise one seeded draw walked
/// through the stage's rates in catalogue order.
/// </summary>
internal sealed class FaultInjector(int seed, FaultRates rates, EmulatorStats stats)
{
    /// <param name="stage">Where the event happens.</param>
    /// <param name="subject">What the event is about: a request hash for submits, a task id otherwise.</param>
    /// <param name="attempt">0 for the first event of this subject at this stage, then 1, 2, …</param>
    /// <param name="triggers">The prompt's triggers (<see cref="PromptTriggers.Parse"/>), empty if none or unknown.</param>
    public FaultKind? Draw(FaultStage stage, string subject, long attempt, IReadOnlyList<FaultKind> triggers)
    {
        var triggered = FindTrigger(stage, attempt, triggers);
        if (triggered is not null)
        {
            return Injected(triggered.Value);
        }

        var u = DeterministicDraw.Unit(seed, "fault/" + stage, subject, attempt);
        var cumulative = 0.0;
        foreach (var kind in FaultCatalog.OfStage(stage))
        {
            cumulative += rates[kind];
            if (u < cumulative)
            {
                return Injected(kind);
            }
        }
        return null;
    }

    private static FaultKind? FindTrigger(FaultStage stage, long attempt, IReadOnlyList<FaultKind> triggers)
    {
        // Endpoint triggers strike the first attempt only, so a correct retry gets through.
        if (stage != FaultStage.Task && attempt > 0)
        {
            return null;
        }
        foreach (var kind in triggers)
        {
            if (FaultCatalog.Get(kind).Stage == stage)
            {
                return kind;
            }
        }
        return null;
    }

    private FaultKind Injected(FaultKind kind)
    {
        stats.RecordFault(kind);
        return kind;
    }
}
