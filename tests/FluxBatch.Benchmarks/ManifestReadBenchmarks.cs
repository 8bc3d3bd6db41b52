using BenchmarkDotNet.Attributes;
using FluxBatch.Manifest;
using FluxBatch.Manifest.Templates;

namespace FluxBatch.Benchmarks;

/// <summary>
/// Reading and validating a manifest should take milliseconds (it runs on every `validate`, `plan` and build).
/// Run: dotnet run -c Release --project tests/FluxBatch.Benchmarks -- --filter '*ManifestRead*' --job short
/// </summary>
[MemoryDiagnoser]
public class ManifestReadBenchmarks
{
    private const string Poster = """
        name: poster-typography
        model: flux-2-flex
        prompt: |
          A minimalist concert poster for "{{ band }}", headline "{{ headline | string.upcase }}"
          set in {{ font }} lettering, {{ palette }} palette, printed on textured paper.
        vars:
          band: Night Owls
          headline: Live at the Roundhouse
          palette: warm
        defaults:
          width: 1024
          height: 1536
          output_format: png
          prompt_upsampling: false
          safety_tolerance: 2
        sweep:
          grid:
            font: [condensed sans-serif, art deco serif]
            steps: [12, 24, 50]
            guidance: { from: 2.5, to: 8.5, step: 1.5 }
          exclude:
            - { steps: 12, guidance: 8.5 }
        seeds: { base: 2026, count: 2 }
        budget: { max_usd: 5.00 }
        concurrency: 8
        output:
          dir: runs/{{ name }}
          file: "{{ font | string.handleize }}/s{{ steps }}-g{{ guidance }}-{{ seed }}.{{ output_format }}"
        """;

    private const string Laughs = """
        prompt: hi
        vars:
          a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
          b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
          c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
          d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
          e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
          f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
          g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
          h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
          i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
        """;

    private readonly ManifestTemplate _template = ManifestTemplate.Parse("A poster for {{ band }} in {{ font | string.upcase }}, s{{ steps }} g{{ guidance }}");
    private readonly Dictionary<string, object?> _values = new() { ["band"] = "Night Owls", ["font"] = "serif", ["steps"] = 24L, ["guidance"] = 4.0m };

    [Benchmark]
    public object? ReadPosterManifest() => ManifestReader.Read("poster.flux.yaml", Poster).Manifest;

    [Benchmark]
    public int RejectBillionLaughs() => ManifestReader.Read("lol.flux.yaml", Laughs).Diagnostics.Count;

    [Benchmark]
    public string RenderCompiledTemplate() => _template.Render(_values);
}
