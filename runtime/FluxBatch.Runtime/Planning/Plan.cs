using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Sweeps;
using FluxBatch.Planning.References;
using FluxBatch.Planning.Seeds;
using FluxBatch.Planning.Shards;

namespace FluxBatch.Planning;

/// <summary>
/// A manifest expanded into jobs. Counting and the total estimate are computed without rendering any job;
/// <see cref="Jobs"/> produces jobs lazily, each enumeration afresh, in the documented order (the sweep's order,
/// each combination's seeds consecutively).
/// </summary>
public sealed class Plan
{
    /// <summary>
    /// Plans a manifest the reader accepted (<see cref="Read"/>, or <c>FluxBatch.Manifest.ManifestReader</c>): reads the
    /// references once, counts the sweep, estimates the cost from the sizes alone and refuses (<see cref="IsRefused"/>)
    /// a plan over <c>budget.max_usd</c>. The jobs themselves are produced lazily.
    /// </summary>
    public static Plan Create(ManifestSpec manifest) => Planner.Create(manifest, null);

    /// <summary>
    /// Reads the manifest file at <paramref name="path"/> with every rule, references limited to its folder and its git
    /// work tree; <paramref name="overrides"/> are <c>PATH=VALUE</c> keys replaced first (as <c>--set</c>).
    /// </summary>
    public static global::FluxBatch.Manifest.ManifestReadResult Read(string path, IEnumerable<string>? overrides = null) =>
        Planner.Read(path, overrides);

    private readonly JobStream _jobs;
    private readonly ShardPart? _shard;
    private string? _hash;

    internal Plan(
        ManifestSpec manifest,
        SweepExpansion sweep,
        int seedsPerCombination,
        decimal totalEstimateUsd,
        string runDirectory,
        IReadOnlyList<ReferenceInfo> references,
        IReadOnlyList<ManifestDiagnostic> diagnostics,
        JobStream jobs)
    {
        Manifest = manifest;
        Sweep = sweep;
        SeedsPerCombination = seedsPerCombination;
        TotalEstimateUsd = totalEstimateUsd;
        RunDirectory = runDirectory;
        References = references;
        Diagnostics = diagnostics;
        _jobs = jobs;
    }

    /// <summary>The same plan cut to one shard: the whole plan's facts stay, the jobs, count and estimate are the shard's.</summary>
    private Plan(Plan whole, ShardPart shard)
        : this(whole.Manifest, whole.Sweep, whole.SeedsPerCombination, shard.EstimateUsd, whole.RunDirectory, whole.References, whole.Diagnostics, whole._jobs)
    {
        _shard = shard;
        _hash = shard.WholePlanHash;
    }

    /// <summary>Null for a whole plan; else which shard of it this is, as <c>K/N</c> (<c>run --shard K/N</c>).</summary>
    public string? Shard => ShardSpec?.ToString();

    internal ShardSpec? ShardSpec => _shard?.Spec;

    /// <summary>
    /// The whole plan's identity (SHA-256 of every job id and output file in order; the same for every shard of it),
    /// recorded in the journal so <c>fluxbatch merge</c> can refuse folders of different plans. Renders every job once.
    /// </summary>
    public string Hash => _hash ??= PlanHash.Of(_jobs);

    /// <summary>
    /// This plan cut to <paramref name="shard"/>: the jobs whose id hashes to it. Renders every job once, to count the
    /// shard, sum its estimate and hash the whole plan in the same pass.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="shard"/> is not <c>K/N</c> with 1 ≤ K ≤ N.</exception>
    public Plan ForShard(string shard) =>
        ForShard(ShardSpec.TryParse(shard, out var error) ?? throw new ArgumentException(error, nameof(shard)));

    internal Plan ForShard(ShardSpec shard)
    {
        if (_shard is not null)
            throw new InvalidOperationException("the plan is already a shard");
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        long count = 0;
        decimal estimate = 0;
        foreach (var job in _jobs)
        {
            PlanHash.Append(hash, job);
            if (!shard.Contains(job.Id))
                continue;
            count++;
            estimate += job.EstimatedUsd;
        }
        return new Plan(this, new ShardPart(shard, count, estimate, TotalEstimateUsd, PlanHash.Hex(hash)));
    }

    /// <summary>
    /// The part of a budget of <paramref name="maxUsd"/> for the whole plan that this shard may spend: in proportion
    /// to its estimate (so a shard fits exactly when the whole plan does), rounded down to the micro-dollar. A whole
    /// plan gets all of it.
    /// </summary>
    public decimal BudgetShare(decimal maxUsd)
    {
        if (_shard is not { } part)
            return maxUsd;
        var share = part.WholeEstimateUsd > 0 ? maxUsd * part.EstimateUsd / part.WholeEstimateUsd : maxUsd / part.Spec.Count;
        return decimal.Floor(share * 1_000_000m) / 1_000_000m;
    }

    public ManifestSpec Manifest { get; }

    public SweepExpansion Sweep { get; }

    /// <summary>Combinations of sweep values.</summary>
    public long CombinationCount => Sweep.Count;

    public int SeedsPerCombination { get; }

    /// <summary>
    /// The seed policy in words, for summaries: "2 seeds, shared by all 28 combinations" or "2 seeds per value of font".
    /// </summary>
    public string SeedPolicyDescription => SeedPolicyText.Describe(Manifest.Seeds, SeedsPerCombination, CombinationCount);

    /// <summary>Jobs: combinations × seeds per combination (saturating at <see cref="long.MaxValue"/>).</summary>
    public long Count => _shard is { } part ? part.Count
        : SeedsPerCombination == 0 || CombinationCount <= long.MaxValue / SeedsPerCombination
        ? CombinationCount * SeedsPerCombination
        : long.MaxValue;

    public decimal TotalEstimateUsd { get; }

    public BudgetSpec? Budget => Manifest.Budget;

    /// <summary>The run folder, rendered from <c>output.dir</c> and sanitized, relative to the manifest's folder.</summary>
    public string RunDirectory { get; }

    /// <summary>The folder a run of this plan writes by default, relative to the manifest's folder: <see cref="RunDirectory"/>,
    /// and for a shard <c>.shard-K-of-N</c> after it, so that shards never share a journal.</summary>
    public string DefaultRunFolder => ShardFolders.Default(RunDirectory, ShardSpec);

    /// <summary>The budget a run of this plan spends at most (a shard's share of <c>budget.max_usd</c>), or null for none.</summary>
    public decimal? BudgetUsd => Budget?.MaxUsd is { } max ? BudgetShare(max) : null;

    internal IReadOnlyList<ReferenceInfo> References { get; }

    /// <summary>Problems found while planning, such as the estimate exceeding the budget.</summary>
    public IReadOnlyList<ManifestDiagnostic> Diagnostics { get; }

    /// <summary>True when the plan must not run (an error diagnostic, e.g. over budget). Its jobs can still be listed.</summary>
    public bool IsRefused => Diagnostics.Any(d => d.IsError);

    /// <summary>Errors in the input itself (output paths, references), as opposed to an estimate over the budget: exit 2.</summary>
    public IEnumerable<ManifestDiagnostic> InputErrors =>
        Diagnostics.Where(d => d.IsError && d.Id != DiagnosticDescriptors.EstimateExceedsBudget.Id);

    /// <summary>
    /// The jobs, produced lazily. Throws <see cref="PlanningException"/> when a template fails on some job's values.
    /// </summary>
    public IEnumerable<PlannedJob> Jobs => _shard is { } part ? _jobs.Where(j => part.Spec.Contains(j.Id)) : _jobs;

    /// <summary>
    /// The whole plan as snapshot text, byte for byte what <c>fluxbatch plan FILE --accept</c> writes to
    /// <c>*.plan.verified.txt</c>: LF endings, invariant numbers, paths relative to the manifest's folder, the same on
    /// every machine. Renders every job. Compare it with <c>Verifier.Verify(plan.ToSnapshotText())</c> or
    /// FluxBatch.Testing's <c>PlanSnapshots.VerifyAsync(plan)</c>.
    /// </summary>
    public string ToSnapshotText() =>
        Snapshots.PlanSnapshotText.Render(this, Path.GetDirectoryName(Path.GetFullPath(Manifest.SourcePath)) ?? ".");

    /// <summary>Every name the sweep sets (grid, zip, include, random), in the manifest's order: what varies between combinations.</summary>
    public IReadOnlyList<string> SweptNames =>
        Sweep.Spec.Grid.Select(a => a.Name)
            .Concat(Sweep.Spec.Zip.SelectMany(z => z.Axes).Select(a => a.Name))
            .Concat(Sweep.Spec.Include.SelectMany(i => i.Values).Select(v => v.Key))
            .Concat(Sweep.Spec.Random?.Axes.Select(a => a.Name) ?? [])
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The names that make two jobs' prompts differ: swept names the prompt reads, and seed/index/id if it reads them.</summary>
    public IReadOnlyList<string> PromptVariesWith =>
        _jobs.PromptNames.Where(n => SweptNames.Contains(n) || n is "seed" or "index" or "id").ToList();
}

/// <summary>What cutting a plan to one shard found: its jobs' count and estimate, and the whole plan's estimate and hash.</summary>
internal sealed record ShardPart(ShardSpec Spec, long Count, decimal EstimateUsd, decimal WholeEstimateUsd, string WholePlanHash);
