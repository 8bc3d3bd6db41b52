using System.Collections.Generic;
using FluxBatch.Manifest.Diagnostics;

namespace FluxBatch.Manifest.Model;

/// <summary>
/// A manifest that has passed every rule. Produced only by the manifest reader; the planner and the
/// source generator consume it and never re-validate.
/// </summary>
/// <param name="SourcePath">The manifest's path as given by the caller (used in messages).</param>
/// <param name="Name">Manifest name; also the generated preset's name (PascalCased).</param>
/// <param name="Model">API model id, e.g. <c>flux-2-flex</c>.</param>
/// <param name="Prompt">A template string (<see cref="StringValue"/>) or a structured prompt (<see cref="MapValue"/>).</param>
/// <param name="Vars">Constants visible to every template, in manifest order.</param>
/// <param name="Defaults">Request fields under their API names (<c>width</c>, <c>steps</c>, ...), in manifest order.</param>
/// <param name="References">Input images, at most 8.</param>
/// <param name="Concurrency">Jobs in flight at once.</param>
/// <param name="Prices">Price table the planner estimates with: BFL's, with the manifest's overrides, until a run picks
/// its provider's table from <paramref name="PriceBook"/> (<c>manifest with { Prices = … }</c>).</param>
/// <param name="Provider">The manifest's <c>provider</c> (<c>bfl</c>, <c>comet</c>, <c>emulator</c>), if any.</param>
/// <param name="PriceBook">Every provider's table, with the manifest's <c>prices:</c> applied.</param>
/// <param name="ModelPosition">Where <c>model:</c> is written: a run that picks a provider without a price for it reports FLUX4006 there.</param>
/// <param name="Region">BFL's region (<c>global</c>, <c>eu</c>, <c>us</c>) from the <c>provider</c> block, if any.</param>
public sealed record ManifestSpec(
    string SourcePath,
    string Name,
    string Model,
    ManifestValue Prompt,
    IReadOnlyList<Variable> Vars,
    IReadOnlyList<MapEntry> Defaults,
    SweepSpec Sweep,
    SeedSpec Seeds,
    IReadOnlyList<ReferenceImage> References,
    BudgetSpec? Budget,
    int Concurrency,
    OutputSpec Output,
    PriceTable Prices,
    string? Provider,
    PriceBook PriceBook,
    string? Region,
    SourcePosition ModelPosition)
{
    /// <summary><c>score:</c>: score images as they arrive during a run; null when the manifest does not ask.</summary>
    public ScoreSpec? Score { get; init; }

    /// <summary><c>cache:</c>: the folder of the shared cache of paid results, as written (relative to the manifest's
    /// folder unless absolute); null when the manifest does not name one (docs/scaling.md).</summary>
    public string? Cache { get; init; }
}

/// <summary>A template variable: a scalar or a list.</summary>
public sealed record Variable(string Name, ManifestValue Value, SourcePosition Position);

/// <param name="Grid">Axes of the cartesian product, in manifest order. Ranges are already expanded exactly.</param>
/// <param name="Zip">Groups of axes stepped together; each group counts as one axis of the product, after the grid axes.</param>
/// <param name="Include">Extra combinations, appended after the product.</param>
/// <param name="Exclude">Partial combinations: a product entry matching every key of one is dropped.</param>
/// <param name="Random">Random samples, appended after the product and includes.</param>
public sealed record SweepSpec(
    IReadOnlyList<SweepAxis> Grid,
    IReadOnlyList<ZipGroup> Zip,
    IReadOnlyList<Combination> Include,
    IReadOnlyList<Combination> Exclude,
    RandomSweep? Random);

/// <summary>One axis. The name is a request field (<c>steps</c>), a var, or <c>size</c> (values <c>WxH</c>).</summary>
public sealed record SweepAxis(string Name, IReadOnlyList<ManifestValue> Values, SourcePosition Position);

public sealed record ZipGroup(IReadOnlyList<SweepAxis> Axes, SourcePosition Position);

public sealed record Combination(IReadOnlyList<MapEntry> Values, SourcePosition Position);

/// <summary><c>n</c> samples drawn from a generator seeded with <c>seed</c>.</summary>
public sealed record RandomSweep(int Count, long Seed, IReadOnlyList<RandomAxis> Axes, SourcePosition Position);

/// <summary>Either a numeric range or a list of choices.</summary>
public sealed record RandomAxis(string Name, NumericRange? Range, IReadOnlyList<ManifestValue>? Choices, SourcePosition Position);

/// <summary>An inclusive range; <c>Step</c> null means continuous (integers for integer fields).</summary>
public sealed record NumericRange(decimal From, decimal To, decimal? Step, bool IntegerValued);

/// <summary>
/// How each combination's seeds are chosen (docs/manifest.md, "Seeds"):
/// <list type="bullet">
/// <item><c>seed: 42</c>: <c>Fixed = 42, Count = 1</c>, sent as is.</item>
/// <item><c>seeds: {base, count}</c>: <c>count</c> seeds derived from <c>base</c> and the ordinal alone, the same in
/// every combination (a controlled sweep), unless <see cref="VaryWith"/> names axes whose values also feed them.</item>
/// <item><c>seeds: {values: [..]}</c>: <see cref="Values"/>, run in every combination; <c>Count</c> is their number.</item>
/// </list>
/// No seed key at all reads as <c>{base: 0, count: 1}</c>, so a manifest without seeds still plans reproducibly.
/// </summary>
public sealed record SeedSpec(long? Fixed, long Base, int Count)
{
    /// <summary>Axes (by name) whose values also feed the derived seeds, in manifest order; empty: seeds shared by every combination.</summary>
    public IReadOnlyList<string> VaryWith { get; init; } = NoNames;

    /// <summary>Explicit seeds (<c>seeds.values</c>) in manifest order, or null when seeds are fixed or derived.</summary>
    public IReadOnlyList<long>? Values { get; init; }

    /// <summary>Which of the forms above this is.</summary>
    public SeedPolicy Policy =>
        Fixed is not null ? SeedPolicy.Fixed
        : Values is not null ? SeedPolicy.Listed
        : VaryWith.Count > 0 ? SeedPolicy.PerValue
        : SeedPolicy.Shared;

    // One shared empty list, so that records without vary_with compare equal.
    private static readonly string[] NoNames = new string[0];
}

/// <summary>The forms of <see cref="SeedSpec"/>.</summary>
public enum SeedPolicy
{
    /// <summary><c>seed: N</c>: one seed for every job.</summary>
    Fixed,
    /// <summary><c>seeds: {base, count}</c>: the same derived seeds in every combination.</summary>
    Shared,
    /// <summary><c>seeds: {base, count, vary_with}</c>: derived seeds that also depend on the listed axes' values.</summary>
    PerValue,
    /// <summary><c>seeds: {values}</c>: the listed seeds in every combination.</summary>
    Listed,
}

/// <param name="Source">As written: a path relative to the manifest, or an https URL.</param>
/// <param name="FullPath">The resolved local file, or null for a URL.</param>
public sealed record ReferenceImage(string Source, string? FullPath, SourcePosition Position);

/// <param name="Shared">
/// <c>budget.shared</c>: the name of a ledger kept by the coordinator (<c>--coordinator redis://…</c>) that every run
/// naming it spends from, on any machine; null: the budget is the run folder's own.
/// </param>
public sealed record BudgetSpec(decimal MaxUsd, SourcePosition Position, string? Shared = null, SourcePosition? SharedPosition = null);

/// <param name="Dir">Scriban template for the run folder, relative to the manifest's folder.</param>
/// <param name="File">Scriban template for each image's path inside the run folder.</param>
public sealed record OutputSpec(string Dir, string File, SourcePosition DirPosition, SourcePosition FilePosition);
