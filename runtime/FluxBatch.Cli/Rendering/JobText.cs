using System.Globalization;
using FluxBatch.Manifest.Model;
using FluxBatch.Planning;

namespace FluxBatch.Cli.Rendering;

/// <summary>Short, culture-free text of a job's parts, for the table and the JSON output.</summary>
internal static class JobText
{
    /// <summary><c>font=art deco serif, steps=12</c>.</summary>
    public static string Parameters(PlannedJob job, IReadOnlySet<string>? leaveOut = null) =>
        string.Join(", ", job.Parameters.Where(p => leaveOut?.Contains(p.Key) != true).Select(p => p.Key + "=" + Value(p.Value)));

    /// <summary>The seed and its ordinal in the combination, <c>662647730 #1</c>: equal ordinals ran equal seeds when seeds are shared.</summary>
    public static string Seed(PlannedJob job) =>
        Value(job.Seed) + " #" + job.SeedOrdinal.ToString(CultureInfo.InvariantCulture);

    public static string Value(object? value) => InvariantText.Format(value);

    /// <summary>One line, at most <paramref name="max"/> characters, ending in an ellipsis when cut.</summary>
    public static string Truncate(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
