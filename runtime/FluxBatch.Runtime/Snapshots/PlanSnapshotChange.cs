using System.Globalization;
using System.Text.RegularExpressions;
using FluxBatch.Planning;
using FluxBatch.Manifest.Pricing;

namespace FluxBatch.Snapshots;

/// <summary>
/// What changed between two plan snapshots, in a line a reviewer reads before the diff:
/// <c>+20 jobs, −16 jobs, 4 prompts changed, cost +$0.24</c>.
/// </summary>
/// <remarks>
/// Jobs are paired in three steps. The same job id (a content hash) is the same job. Otherwise a job keeps its place
/// when it has the same sweep values and seed position: it then counts as changed, with its prompt, seed or other
/// fields. A value that is the same for every job on each side (a var, a one-value axis) does not name a place, so
/// editing a var changes jobs rather than replacing all of them. What is left was added or removed.
/// </remarks>
/// <param name="Added">Jobs only in the new plan.</param>
/// <param name="Removed">Jobs only in the verified plan.</param>
/// <param name="Changed">Jobs in the same place whose content changed.</param>
/// <param name="PromptsChanged">Changed jobs whose prompt changed.</param>
/// <param name="SeedsChanged">Changed jobs whose seed changed.</param>
/// <param name="ChangedOtherwise">Changed jobs with the same prompt and seed (another request field, the output file, the estimate).</param>
/// <param name="CostDeltaUsd">The new total estimate minus the verified one.</param>
/// <param name="HeaderChanges">Changes of the plan's name, model, budget or run folder: <c>budget $5.00 → $6.00</c>.</param>
internal sealed record PlanSnapshotChange(
    int Added,
    int Removed,
    int Changed,
    int PromptsChanged,
    int SeedsChanged,
    int ChangedOtherwise,
    decimal CostDeltaUsd,
    IReadOnlyList<string> HeaderChanges)
{
    /// <summary>Compares two snapshot texts (<see cref="Plan.ToSnapshotText"/>): <paramref name="verified"/> then the new one.</summary>
    public static PlanSnapshotChange Between(string verified, string received)
    {
        var before = SnapshotReading.Parse(verified);
        var after = SnapshotReading.Parse(received);

        // Same id, same job: pair them off (ids are unique within a plan; counting keeps duplicates honest anyway).
        var sameId = before.Jobs.GroupBy(j => j.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var unmatchedAfter = new List<SnapshotJob>();
        foreach (var job in after.Jobs)
        {
            if (sameId.TryGetValue(job.Id, out var left) && left > 0)
            {
                sameId[job.Id] = left - 1;
            }
            else
            {
                unmatchedAfter.Add(job);
            }
        }

        var unmatchedBefore = new List<SnapshotJob>();
        foreach (var job in before.Jobs.Reverse())
        {
            if (sameId.TryGetValue(job.Id, out var left) && left > 0)
            {
                sameId[job.Id] = left - 1;
                unmatchedBefore.Add(job);
            }
        }

        unmatchedBefore.Reverse();
        var constant = ConstantKeys(before.Jobs).Intersect(ConstantKeys(after.Jobs)).ToHashSet(StringComparer.Ordinal);
        var places = Places(unmatchedAfter, constant);
        int changed = 0, prompts = 0, seeds = 0, otherwise = 0, removed = 0;
        foreach (var (place, job) in PlaceKeys(unmatchedBefore, constant))
        {
            if (places.TryGetValue(place, out var other))
            {
                places.Remove(place);
                changed++;
                prompts += job.Prompt == other.Prompt ? 0 : 1;
                seeds += job.Seed == other.Seed ? 0 : 1;
                otherwise += job.Prompt == other.Prompt && job.Seed == other.Seed ? 1 : 0;
            }
            else
            {
                removed++;
            }
        }

        var header = new List<string>();
        foreach (var key in new[] { "plan", "model", "budget", "run folder" })
        {
            var old = before.Header.GetValueOrDefault(key);
            var now = after.Header.GetValueOrDefault(key);
            if (old != now)
            {
                header.Add($"{key} {old ?? "none"} → {now ?? "none"}");
            }
        }

        return new PlanSnapshotChange(places.Count, removed, changed, prompts, seeds, otherwise, after.EstimateUsd - before.EstimateUsd, header);
    }

    /// <summary>The summary line; <c>no job changed</c> when only the order or the layout differs.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Added > 0)
        {
            parts.Add(Count(Added, "+", "job"));
        }

        if (Removed > 0)
        {
            parts.Add(Count(Removed, "−", "job"));
        }

        if (PromptsChanged > 0)
        {
            parts.Add(Count(PromptsChanged, string.Empty, "prompt") + " changed");
        }

        if (SeedsChanged > 0)
        {
            parts.Add(Count(SeedsChanged, string.Empty, "seed") + " changed");
        }

        if (ChangedOtherwise > 0)
        {
            parts.Add(Count(ChangedOtherwise, string.Empty, PromptsChanged + SeedsChanged > 0 ? "other job" : "job") + " changed in other fields");
        }

        parts.AddRange(HeaderChanges);
        if (CostDeltaUsd != 0)
        {
            parts.Add("cost " + (CostDeltaUsd > 0 ? "+" : "−") + UsdText.Format(Math.Abs(CostDeltaUsd)));
        }

        return parts.Count == 0 ? "no job changed (order or layout only)" : string.Join(", ", parts);
    }

    private static string Count(int n, string sign, string noun) =>
        sign + n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");

    /// <summary>Parameter names whose value is the same in every job of one plan (vars, one-value axes).</summary>
    private static IEnumerable<string> ConstantKeys(IReadOnlyList<SnapshotJob> jobs) =>
        jobs.Count == 0
            ? []
            : jobs[0].Parameters.Keys.Where(key => jobs.All(j => j.Parameters.TryGetValue(key, out var v) && v == jobs[0].Parameters[key]));

    private static Dictionary<string, SnapshotJob> Places(IEnumerable<SnapshotJob> jobs, HashSet<string> constant) =>
        PlaceKeys(jobs, constant).ToDictionary(p => p.Place, p => p.Job, StringComparer.Ordinal);

    /// <summary>A job's place: its varying sweep values and its position among jobs with the same values (its seed slot).</summary>
    private static IEnumerable<(string Place, SnapshotJob Job)> PlaceKeys(IEnumerable<SnapshotJob> jobs, HashSet<string> constant)
    {
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            var values = string.Join("\n", job.Parameters.Where(p => !constant.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
            var slot = slots.GetValueOrDefault(values);
            slots[values] = slot + 1;
            yield return (values + "\n#" + slot.ToString(CultureInfo.InvariantCulture), job);
        }
    }
}

/// <summary>One job block of a snapshot text, as far as the summary needs it.</summary>
internal sealed record SnapshotJob(string Id, IReadOnlyDictionary<string, string> Parameters, string? Seed, string Prompt);

/// <summary>A snapshot text read back: header fields, total estimate, job blocks (the layout of <see cref="PlanSnapshotText"/>).</summary>
internal sealed partial record SnapshotReading(IReadOnlyDictionary<string, string> Header, decimal EstimateUsd, IReadOnlyList<SnapshotJob> Jobs)
{
    public static SnapshotReading Parse(string text)
    {
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var jobs = new List<SnapshotJob>();
        string? id = null, seed = null;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var prompt = new List<string>();

        void Finish()
        {
            if (id is not null)
            {
                jobs.Add(new SnapshotJob(id, parameters, seed, string.Join("\n", prompt)));
            }
        }

        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.StartsWith("job ", StringComparison.Ordinal))
            {
                Finish();
                var fields = line.Split(' ');
                id = fields.Length > 2 ? fields[2] : line;
                seed = null;
                parameters = new Dictionary<string, string>(StringComparer.Ordinal);
                prompt = [];
            }
            else if (id is null)
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                if (colon > 0)
                {
                    header[line[..colon]] = line[(colon + 2)..];
                }
            }
            else if (line.StartsWith("  parameters: ", StringComparison.Ordinal))
            {
                foreach (var pair in ParameterSeparator().Split(line["  parameters: ".Length..]))
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    if (equals > 0)
                    {
                        parameters[pair[..equals]] = pair[(equals + 1)..];
                    }
                }
            }
            else if (line.StartsWith("  request: ", StringComparison.Ordinal))
            {
                seed = SeedField().Match(line) is { Success: true } m ? m.Groups[1].Value : null;
            }
            else if (line.StartsWith("    ", StringComparison.Ordinal))
            {
                prompt.Add(line[4..]);
            }
        }

        Finish();
        var estimate = header.TryGetValue("estimate", out var usd)
            && decimal.TryParse(usd.TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? amount : 0m;
        return new SnapshotReading(header, estimate, jobs);
    }

    /// <summary><c>, </c> before the next <c>name=</c>: values may contain commas.</summary>
    [GeneratedRegex(@", (?=[A-Za-z_][A-Za-z0-9_]*=)")]
    private static partial Regex ParameterSeparator();

    [GeneratedRegex(@"(?:^|\s)seed=(\S+)")]
    private static partial Regex SeedField();
}
