using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using FluxBatch.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace FluxBatch.Benchmarks.Generator;

/// <summary>
/// The preset generator's cost in a project with 100 manifests, as the compiler pays it:
/// a full build (every manifest parsed and emitted), an IDE keystroke in a .cs file (everything cached),
/// and an edit to one manifest (one preset re-emitted). Run:
/// <c>dotnet run -c Release --project tests/FluxBatch.Benchmarks -- --filter *GeneratorBenchmarks*</c>
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int ManifestCount = 100;

    private ImmutableArray<AdditionalText> _manifests;
    private AdditionalText _editedA = null!;
    private AdditionalText _editedB = null!;
    private CSharpCompilation _compilationA = null!;
    private CSharpCompilation _compilationB = null!;
    private GeneratorDriver _warm = null!;
    private bool _flip;
    private AdditionalText _current0 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _manifests = Enumerable.Range(0, ManifestCount).Select(i => Text(i, steps: "12, 24, 50")).ToImmutableArray();
        _editedA = Text(0, steps: "10, 20");
        _editedB = Text(0, steps: "12, 24, 50");
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == Path.GetDirectoryName(typeof(object).Assembly.Location))
            .Append(typeof(FluxBatch.Manifest.Model.ManifestSpec).Assembly.Location)
            .Append(typeof(FluxBatch.Planning.PlannedJob).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        _compilationA = CSharpCompilation.Create("Consumer", [CSharpSyntaxTree.ParseText("class A { }")], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _compilationB = _compilationA.ReplaceSyntaxTree(_compilationA.SyntaxTrees[0], CSharpSyntaxTree.ParseText("class A { int X => 1; }"));
        _warm = NewDriver().RunGenerators(_compilationA);
        _current0 = _manifests[0];
    }

    [Benchmark(Baseline = true, Description = "full run, 100 manifests")]
    public GeneratorDriver FullRun() => NewDriver().RunGenerators(_compilationA);

    [Benchmark(Description = "warm run after a .cs edit")]
    public GeneratorDriver AfterCsEdit()
    {
        _flip = !_flip;
        _warm = _warm.RunGenerators(_flip ? _compilationB : _compilationA);
        return _warm;
    }

    [Benchmark(Description = "warm run after one manifest edit")]
    public GeneratorDriver AfterManifestEdit()
    {
        // Swap manifest 0 between two versions, so every invocation sees exactly one changed file.
        var next = ReferenceEquals(_current0, _editedA) ? _editedB : _editedA;
        _warm = _warm.ReplaceAdditionalText(_current0, next).RunGenerators(_compilationA);
        _current0 = next;
        return _warm;
    }

    private GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create([new PresetGenerator().AsSourceGenerator()], _manifests, null, new NoOptions());

    private static AdditionalText Text(int i, string steps) => new InMemoryText($"/bench/preset-{i:D3}.flux.yaml", $$$"""
        # Benchmark manifest {{{i}}}: a poster grid.
        name: preset-{{{i:D3}}}
        model: flux-2-flex
        prompt: |
          A minimalist concert poster for "{{ band }}", headline "{{ headline | string.upcase }}"
          set in {{ font }} lettering, {{ palette }} palette, printed on textured paper.
        vars:
          band: Night Owls {{{i}}}      # who plays
          headline: Live at the Roundhouse
          palette: warm
        defaults:
          width: 1024
          height: 1536
          output_format: png
        sweep:
          grid:
            font: [condensed sans-serif, art deco serif]
            steps: [{{{steps}}}]
            guidance: [2.5, 4.0, 5.5]
        seeds: { base: 2026, count: 2 }
        budget: { max_usd: 50.00 }
        """);

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class NoOptions : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Empty();

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;

        private sealed class Empty : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                value = "";
                return false;
            }
        }
    }
}
