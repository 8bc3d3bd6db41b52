using FluxBatch.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FluxBatch.Generator.Tests;

/// <summary>Generated presets compile cleanly, as a user's project would compile them: nullable on, warnings as errors.</summary>
public sealed class GeneratedCodeCompilesTests
{
    private const string Usage = """
        using FluxBatch.Presets;

        internal static class Usage
        {
            public static int Jobs() => PosterTypography.Sweep.Steps.Count * PosterTypography.Sweep.Guidance.Count;

            public static PosterTypography.Variables Override() => new() { Band = "The Quiet Ones" };

            public static string? FindByName() => FluxBatchPresets.Find(PosterTypography.Name)?.Content;

            // The seed policy is typed: counts and seeds are ints, vary_with names are strings.
            public static int SharedSeeds() => PosterTypography.Seeds.Count + PosterTypography.Seeds.Base + PosterTypography.Seeds.VaryWith.Count;

            public static string PerFont() => FontSamples.Seeds.Policy + FontSamples.Seeds.VaryWith[0];

            public static int Favourite() => FavouriteSeeds.Seeds.Values[0] + FavouriteSeeds.Seeds.Count;

            public static int Fixed() => ProductZip.Seeds.Fixed;
        }
        """;

    [Fact]
    public void Every_manifest_compiles_with_nullable_and_warnings_as_errors()
    {
        var (_, _, output) = GeneratorHarness.Run(AllManifests(), null, Usage);

        var problems = Strict(output).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Empty(problems.Select(d => d.ToString()));
    }

    [Fact]
    public void Overriding_a_variable_with_the_wrong_type_does_not_compile()
    {
        const string wrongType = """
            internal static class Wrong
            {
                public static object Make() => new FluxBatch.Presets.PosterTypography.Variables { Band = 42 };
            }
            """;
        var (_, _, output) = GeneratorHarness.Run(AllManifests(), null, wrongType);

        var error = Assert.Single(Strict(output).GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CS0029", error.Id); // cannot convert int to string
    }

    private static IEnumerable<AdditionalText> AllManifests() =>
        ManifestFiles.Paths(RepoPaths.TestManifests).Concat(ManifestFiles.Paths(RepoPaths.Examples)).Select(GeneratorHarness.ManifestFile);

    /// <summary>The consumer's settings: every warning an error, XML docs checked.</summary>
    private static Compilation Strict(Compilation output)
    {
        var options = output.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error);
        var parse = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        return output
            .RemoveAllSyntaxTrees()
            .AddSyntaxTrees(output.SyntaxTrees.Select(t => t.WithRootAndOptions(t.GetRoot(), parse)))
            .WithOptions(options);
    }
}
