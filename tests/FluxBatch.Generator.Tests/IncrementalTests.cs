using FluxBatch.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FluxBatch.Generator.Tests;

/// <summary>
/// The pipeline caches per manifest: a C# edit re-emits nothing, a manifest edit re-emits that preset only.
/// </summary>
public sealed class IncrementalTests
{
    private static readonly string[] TrackedSteps =
    [
        TrackingNames.Options, TrackingNames.RuntimeSupport, TrackingNames.ManifestFiles, TrackingNames.Manifests,
        TrackingNames.Entries, TrackingNames.DuplicateNames, TrackingNames.Presets, TrackingNames.Registry,
    ];

    private static readonly AdditionalText First = GeneratorHarness.Manifest("/repo/first.flux.yaml", Manifest("first", "steps: [10, 20]"));
    private static readonly AdditionalText Second = GeneratorHarness.Manifest("/repo/second.flux.yaml", Manifest("second", "steps: [30, 40]"));

    [Fact]
    public void Editing_a_cs_file_leaves_every_step_cached_or_unchanged()
    {
        var (driver, _, _) = GeneratorHarness.Run(GeneratorHarness.Driver([First, Second]), GeneratorHarness.Compilation("class A { }"));

        var edited = GeneratorHarness.Compilation("class A { int X => 1; }");
        var (_, result, _) = GeneratorHarness.Run(driver, edited);

        foreach (var name in TrackedSteps)
        {
            var outputs = Outputs(result, name);
            Assert.NotEmpty(outputs);
            Assert.All(outputs, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {reason}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_one_manifest_re_emits_only_its_preset()
    {
        var compilation = GeneratorHarness.Compilation("class A { }");
        var (driver, _, _) = GeneratorHarness.Run(GeneratorHarness.Driver([First, Second]), compilation);

        var editedSecond = GeneratorHarness.Manifest(Second.Path, Manifest("second", "steps: [30, 45]"));
        var (_, result, _) = GeneratorHarness.Run(driver.ReplaceAdditionalText(Second, editedSecond), compilation);

        Assert.Equal([IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified], Outputs(result, TrackingNames.Manifests));
        Assert.Equal([IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified], Outputs(result, TrackingNames.Presets));
        // The preset's name did not change, so neither the duplicate check nor the registry runs again.
        Assert.All(Outputs(result, TrackingNames.Registry), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        var second = Assert.Single(result.GeneratedSources, s => s.HintName == "Second.g.cs");
        Assert.Contains("new int[] { 30, 45 }", second.SourceText.ToString());
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
