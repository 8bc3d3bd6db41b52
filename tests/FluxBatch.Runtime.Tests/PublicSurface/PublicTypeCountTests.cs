using System.Reflection;
using Xunit.Abstractions;

namespace FluxBatch.Runtime.Tests.PublicSurface;

/// <summary>
/// FluxBatch.Runtime's door stays small (issue 10): at most <see cref="MaxPublicTypes"/> public types, nested ones and
/// records counted. The members of those types are held by the API baseline (PublicAPI.Shipped.txt, RS0016/RS0017);
/// this holds the number of types, so a new public type is a decision, not an accident.
/// </summary>
public sealed class PublicTypeCountTests(ITestOutputHelper output)
{
    private const int MaxPublicTypes = 25;

    private static readonly Assembly Runtime = typeof(RunReports).Assembly;

    [Fact]
    public void The_runtime_has_at_most_25_public_types()
    {
        var types = PublicTypes();
        foreach (var type in types)
            output.WriteLine(type);
        Assert.True(types.Length <= MaxPublicTypes,
            $"FluxBatch.Runtime has {types.Length} public types, more than {MaxPublicTypes}:\n  {string.Join("\n  ", types)}");
    }

    // The door, by room (docs/architecture.md has the same table): planning, running, providers, a run's result, a
    // run folder's state, reports, the one exception. A type added or removed here is a change of the door.
    [Fact]
    public void The_door_is_these_types()
    {
        string[] expected =
        [
            "FluxBatch.Api.IFluxProvider",
            "FluxBatch.Execution.FailureKind", "FluxBatch.Execution.JobState", "FluxBatch.Execution.JournalRecord",
            "FluxBatch.Execution.RunForecast", "FluxBatch.Execution.RunOutcome", "FluxBatch.Execution.RunProgress",
            "FluxBatch.Execution.RunReport", "FluxBatch.Execution.RunStatus", "FluxBatch.Execution.StatusBasis",
            "FluxBatch.FluxBatchException", "FluxBatch.FluxRuns",
            "FluxBatch.Gallery.ContactSheetOptions", "FluxBatch.Merging.MergeReport", "FluxBatch.Outputs.JobIssue",
            "FluxBatch.Planning.Plan", "FluxBatch.Planning.PlannedJob",
            "FluxBatch.PreparedRun", "FluxBatch.RunOptionError", "FluxBatch.RunOptions", "FluxBatch.RunReports",
            "FluxBatch.Scoring.ScoreReport", "FluxBatch.Scoring.ScoringOptions", "FluxBatch.Scoring.ScoringQueue",
            "FluxBatch.Snapshots.SnapshotFile",
        ];
        Assert.Equal(expected, PublicTypes());
    }

    /// <summary>Every type another assembly can name, nested ones included, by full name (nested: Outer+Inner), sorted.</summary>
    private static string[] PublicTypes() =>
        Runtime.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal).ToArray();
}
