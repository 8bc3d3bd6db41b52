using FluxBatch.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FluxBatch.Generator.Tests;

/// <summary>
/// In a test project (FluxBatch.Testing and xunit referenced), each manifest gets an xunit test of its plan snapshot;
/// elsewhere, or with <c>FluxBatchSnapshotTests=false</c>, none. The step caches per manifest like the presets.
/// </summary>
public sealed class SnapshotTestGenerationTests
{
    private static readonly AdditionalText First = GeneratorHarness.Manifest("/repo/manifests/first.flux.yaml", Manifest("first", "steps: [10, 20]"));
    private static readonly AdditionalText Second = GeneratorHarness.Manifest("/repo/manifests/second.flux.yaml", Manifest("second", "steps: [30, 40]"));

    [Fact]
    public void A_test_project_gets_one_snapshot_test_per_manifest_that_compiles()
    {
        var (_, result, output) = GeneratorHarness.Run(GeneratorHarness.Driver([First, Second]), GeneratorHarness.TestProjectCompilation("class A { }"));

        var tests = result.GeneratedSources.Where(s => s.HintName.EndsWith(".SnapshotTest.g.cs", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["First.SnapshotTest.g.cs", "Second.SnapshotTest.g.cs"], tests.Select(t => t.HintName).Order(StringComparer.Ordinal));
        var first = tests.Single(t => t.HintName == "First.SnapshotTest.g.cs").SourceText.ToString();
        Assert.Contains("public sealed class FirstSnapshotTests", first, StringComparison.Ordinal);
        Assert.Contains("[global::Xunit.Fact]", first, StringComparison.Ordinal);
        Assert.Contains("private const string ManifestDirectory = \"/repo/manifests\";", first, StringComparison.Ordinal);
        Assert.Contains("global::FluxBatch.Testing.PlanSnapshots.VerifyManifestAsync(First.Plan(null, ManifestDirectory));", first, StringComparison.Ordinal);

        var strict = output.WithOptions(output.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error));
        Assert.Empty(strict.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
        var testClass = strict.GetTypeByMetadataName("FluxBatch.Presets.SecondSnapshotTests");
        Assert.NotNull(testClass);
        Assert.Single(testClass.GetMembers("Plan_matches_its_verified_snapshot"));
    }

    [Fact]
    public void A_project_without_FluxBatch_Testing_gets_no_test()
    {
        var (_, result, _) = GeneratorHarness.Run(GeneratorHarness.Driver([First]), GeneratorHarness.Compilation("class A { }"));

        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains("SnapshotTest", StringComparison.Ordinal));
        Assert.Contains(result.GeneratedSources, s => s.HintName == "First.g.cs");
    }

    [Theory]
    [InlineData("false")]
    [InlineData("False")]
    public void The_opt_out_property_turns_the_tests_off(string value)
    {
        var properties = new Dictionary<string, string> { ["build_property.FluxBatchSnapshotTests"] = value };
        var (_, result, _) = GeneratorHarness.Run(GeneratorHarness.Driver([First], properties), GeneratorHarness.TestProjectCompilation("class A { }"));

        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains("SnapshotTest", StringComparison.Ordinal));
        Assert.Contains(result.GeneratedSources, s => s.HintName == "First.g.cs");
    }

    [Fact]
    public void Editing_a_cs_file_leaves_the_test_steps_cached()
    {
        var (driver, _, _) = GeneratorHarness.Run(GeneratorHarness.Driver([First, Second]), GeneratorHarness.TestProjectCompilation("class A { }"));

        var (_, result, _) = GeneratorHarness.Run(driver, GeneratorHarness.TestProjectCompilation("class A { int X => 1; }"));

        foreach (var name in new[] { TrackingNames.TestSupport, TrackingNames.SnapshotTests })
        {
            var outputs = Outputs(result, name);
            Assert.NotEmpty(outputs);
            Assert.All(outputs, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {reason}"));
        }
    }

    [Fact]
    public void Editing_one_manifest_re_emits_only_its_test()
    {
        var compilation = GeneratorHarness.TestProjectCompilation("class A { }");
        var (driver, _, _) = GeneratorHarness.Run(GeneratorHarness.Driver([First, Second]), compilation);

        var editedSecond = GeneratorHarness.Manifest(Second.Path, Manifest("second", "steps: [30, 45]"));
        var (_, result, _) = GeneratorHarness.Run(driver.ReplaceAdditionalText(Second, editedSecond), compilation);

        Assert.Equal([IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified], Outputs(result, TrackingNames.SnapshotTests));
    }

    private static IncrementalStepRunReason[] Outputs(GeneratorRunResult result, string step) =>
        result.TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(run => run.Outputs).Select(output => output.Reason).ToArray()
            : [];

    private static string Manifest(string name, string axis) => $"""
        name: {name}
        prompt: A lighthouse at dusk in {"{{ style }}"}
        vars:
          style: watercolour
        sweep:
          grid:
            {axis}
        """;
}
