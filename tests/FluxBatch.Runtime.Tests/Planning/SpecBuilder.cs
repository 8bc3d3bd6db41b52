using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Runtime.Tests.Planning;

/// <summary>Hand-built manifest records for planner and sweep tests (no YAML involved).</summary>
internal static class SpecBuilder
{
    public static readonly SourcePosition At = new("test.flux.yaml", 1, 1);

    public static ManifestValue V(object value) => value switch
    {
        string s => new StringValue(s, At),
        int i => new IntegerValue(i, At),
        long l => new IntegerValue(l, At),
        decimal d => new NumberValue(d, At),
        double d => new NumberValue((decimal)d, At),
        bool b => new BoolValue(b, At),
        _ => throw new ArgumentException($"unsupported {value.GetType()}"),
    };

    public static SweepAxis Axis(string name, params object[] values) => new(name, values.Select(V).ToArray(), At);

    public static SweepAxis IntAxis(string name, int from, int count) =>
        new(name, Enumerable.Range(from, count).Select(i => V(i)).ToArray(), At);

    public static ZipGroup Zip(params SweepAxis[] axes) => new(axes, At);

    public static Combination Combo(params (string Key, object Value)[] values) =>
        new(values.Select(v => new MapEntry(v.Key, At, V(v.Value))).ToArray(), At);

    public static SweepSpec Sweep(
        IEnumerable<SweepAxis>? grid = null,
        IEnumerable<ZipGroup>? zip = null,
        IEnumerable<Combination>? include = null,
        IEnumerable<Combination>? exclude = null,
        RandomSweep? random = null) =>
        new((grid ?? []).ToArray(), (zip ?? []).ToArray(), (include ?? []).ToArray(), (exclude ?? []).ToArray(), random);

    public static string Text(this FluxBatch.Manifest.Sweeps.SweepCombination combination) => combination.ToString();
}

/// <summary>A hand-built manifest with sensible defaults; tests override what they examine.</summary>
internal static class ManifestBuilder
{
    public static readonly PriceTable Prices = new(new Dictionary<string, ModelPrice>
    {
        ["flux-2-flex"] = new(0.06m, 0.06m, 0.06m),
        ["flux-2-pro"] = new(0.03m, 0.015m, 0.015m),
    });

    public static ManifestSpec Spec(
        SweepSpec? sweep = null,
        string prompt = "A poster for {{ band }} at {{ steps }} steps",
        SeedSpec? seeds = null,
        IEnumerable<MapEntry>? defaults = null,
        BudgetSpec? budget = null,
        string model = "flux-2-flex",
        string outputFile = "s{{ steps }}-{{ seed }}.png",
        IEnumerable<ReferenceImage>? references = null) =>
        new(
            "test.flux.yaml",
            "test",
            model,
            new StringValue(prompt, SpecBuilder.At),
            [new Variable("band", new StringValue("Night Owls", SpecBuilder.At), SpecBuilder.At)],
            (defaults ?? [Field("width", 1024), Field("height", 1024), Field("prompt_upsampling", false)]).ToArray(),
            sweep ?? SpecBuilder.Sweep(grid: [SpecBuilder.Axis("steps", 12, 24)]),
            seeds ?? new SeedSpec(null, 2026, 2),
            (references ?? []).ToArray(),
            budget,
            4,
            new OutputSpec("runs/{{ name }}", outputFile, SpecBuilder.At, SpecBuilder.At),
            Prices,
            null,
            new PriceBook(Prices, FluxBatch.Manifest.Pricing.DefaultPrices.Comet),
            null,
            SpecBuilder.At);

    public static MapEntry Field(string name, object value) => new(name, SpecBuilder.At, SpecBuilder.V(value));
}
