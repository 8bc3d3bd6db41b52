using System.Globalization;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Planning.Seeds;

/// <summary>
/// The seed policy in words, for a plan's summary line: "2 seeds, shared by all 28 combinations",
/// "2 seeds per value of font", "3 listed seeds (11, 42, 1234), shared by all 7 combinations", "seed 42, shared by
/// all 7 combinations". It says whether the cells of a sweep can be compared seed for seed.
/// </summary>
internal static class SeedPolicyText
{
    private const int ListedShown = 5;

    public static string Describe(SeedSpec spec, int seedsPerCombination, long combinations)
    {
        var shared = combinations == 1 ? "for the one combination" : $"shared by all {Count(combinations)} combinations";
        return spec.Policy switch
        {
            SeedPolicy.Fixed => $"seed {Count(spec.Fixed!.Value)}, {shared}",
            SeedPolicy.Listed => $"{Seeds(seedsPerCombination, "listed seed")} ({Listed(spec.Values!)}), {shared}",
            SeedPolicy.PerValue => $"{Seeds(seedsPerCombination, "seed")} per value of {Names(spec.VaryWith)}",
            _ => $"{Seeds(seedsPerCombination, "seed")}, {shared}",
        };
    }

    private static string Seeds(int count, string noun) => $"{Count(count)} {noun}{(count == 1 ? string.Empty : "s")}";

    private static string Listed(IReadOnlyList<long> values) =>
        string.Join(", ", values.Take(ListedShown).Select(v => v.ToString(CultureInfo.InvariantCulture)))
        + (values.Count > ListedShown ? ", …" : string.Empty);

    private static string Names(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
