using System.Globalization;
using FluxBatch.Planning;

namespace FluxBatch.Scoring;

/// <summary>The scores of the images that share one value of one axis (a column of the sheet, a point of a curve).</summary>
/// <param name="MeanText">Mean text fidelity of the images whose text was scored; null when none was.</param>
/// <param name="MinText">The lowest of those (with <paramref name="MaxText"/>: the spread across seeds and other axes).</param>
public sealed record AxisScore(
    string Axis, string Value, int Images, int TextScored, double? MeanText, double? MinText, double? MaxText,
    double MeanSharpness, double MeanColourfulness);

/// <summary>Scores summed up per axis value: what `fluxbatch score` prints, in plan order of axes and values.</summary>
public static class ScoreAggregates
{
    /// <summary>For every parameter that takes more than one value in the plan, one row per value.</summary>
    public static IReadOnlyList<AxisScore> ByAxis(IEnumerable<PlannedJob> jobs, IReadOnlyDictionary<string, ImageScores> scores)
    {
        var groups = new Dictionary<(string Axis, string Value), List<ImageScores>>();
        var order = new List<(string Axis, string Value)>();
        var axisOrder = new List<string>();
        var valuesPerAxis = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            foreach (var (axis, value) in job.Parameters)
            {
                var text = ValueText(value);
                if (!valuesPerAxis.TryGetValue(axis, out var values))
                {
                    valuesPerAxis[axis] = values = new HashSet<string>(StringComparer.Ordinal);
                    axisOrder.Add(axis);
                }
                values.Add(text);
                var key = (axis, text);
                if (!groups.TryGetValue(key, out var list))
                {
                    groups[key] = list = [];
                    order.Add(key);
                }
                if (scores.TryGetValue(job.Id, out var score))
                    list.Add(score);
            }
        }

        return axisOrder
            .Where(axis => valuesPerAxis[axis].Count > 1)
            .SelectMany(axis => order.Where(k => k.Axis == axis))
            .Select(key => Summarise(key.Axis, key.Value, groups[key]))
            .ToArray();
    }

    /// <summary>How an axis value is written in summaries and on the sheet (invariant culture).</summary>
    public static string ValueText(object? value) => value switch
    {
        null => "",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static AxisScore Summarise(string axis, string value, List<ImageScores> scores)
    {
        var text = scores.Where(s => s.TextFidelity is not null).Select(s => s.TextFidelity!.Value).ToArray();
        return new AxisScore(axis, value, scores.Count, text.Length,
            text.Length > 0 ? Math.Round(text.Average(), 4) : null,
            text.Length > 0 ? text.Min() : null,
            text.Length > 0 ? text.Max() : null,
            scores.Count > 0 ? Math.Round(scores.Average(s => s.Sharpness), 2) : 0,
            scores.Count > 0 ? Math.Round(scores.Average(s => s.Colourfulness), 2) : 0);
    }
}
