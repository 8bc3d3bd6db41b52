using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace FluxBatch.Generator.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="PresetGenerator"/> the way the compiler does, over in-memory manifests, with step tracking on.
/// A generator exception or CS8785 ("generator failed") fails the test: the compiler would only warn.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The framework plus FluxBatch.Manifest and FluxBatch.Runtime, as a consumer project has them.</summary>
    public static readonly ImmutableArray<MetadataReference> References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == Path.GetDirectoryName(typeof(object).Assembly.Location))
            .Concat(new[]
            {
                typeof(FluxBatch.Manifest.Model.ManifestSpec).Assembly.Location,
                typeof(FluxBatch.Planning.PlannedJob).Assembly.Location,
            })
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    /// <summary>A test project's references: the above plus FluxBatch.Testing and xunit.</summary>
    public static readonly ImmutableArray<MetadataReference> TestProjectReferences = References.AddRange(new[]
    {
        MetadataReference.CreateFromFile(typeof(FluxBatch.Testing.PlanSnapshots).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Assert).Assembly.Location),
    });

    public static CSharpCompilation Compilation(params string[] sources) => Compilation(References, sources);

    public static CSharpCompilation TestProjectCompilation(params string[] sources) => Compilation(TestProjectReferences, sources);

    private static CSharpCompilation Compilation(ImmutableArray<MetadataReference> references, string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> manifests, IReadOnlyDictionary<string, string>? properties = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new PresetGenerator().AsSourceGenerator() },
            manifests,
            ParseOptions,
            new OptionsProvider(properties ?? new Dictionary<string, string>()),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the driver and returns it (for a second run) with its result and the updated compilation.</summary>
    public static (GeneratorDriver Driver, GeneratorRunResult Result, Compilation Output) Run(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.DoesNotContain(driverDiagnostics.Concat(result.Diagnostics), d => d.Id == "CS8785");
        return (driver, result, output);
    }

    public static (GeneratorDriver Driver, GeneratorRunResult Result, Compilation Output) Run(
        IEnumerable<AdditionalText> manifests, IReadOnlyDictionary<string, string>? properties = null, params string[] sources) =>
        Run(Driver(manifests, properties), Compilation(sources));

    /// <summary>The generated presets, without the files written once per compilation (registry, support).</summary>
    public static IEnumerable<GeneratedSourceResult> Presets(GeneratorRunResult result) =>
        result.GeneratedSources.Where(s => s.HintName is not ("FluxBatchPresets.g.cs" or "FluxBatchPresetValues.g.cs")
            && !s.HintName.EndsWith(".SnapshotTest.g.cs", StringComparison.Ordinal));

    public static AdditionalText Manifest(string path, string text) => new InMemoryText(path, SourceText.From(text));

    public static AdditionalText ManifestFile(string path) => Manifest(path, File.ReadAllText(path));

    private sealed class InMemoryText(string path, SourceText text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => text;
    }

    private sealed class OptionsProvider(IReadOnlyDictionary<string, string> properties) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(properties);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;
    }

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
