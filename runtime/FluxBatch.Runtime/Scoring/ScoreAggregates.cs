using System.Globalization;
using FluxBatch.Planning;

namespace FluxBatch.Scoring;

/// <summary>Scores summed up per axis value: what `fluxbatch score` prints, in plan order of axes and values.</summary>
internal static class ScoreAggregates
{
    /// <summary>For every parameter that takes more than one value in the plan, one row per value.</summary>
    public static IReadOnlyList<ScoreReport> ByAxis(IEnumerable<PlannedJob> jobs, IReadOnlyDictionary<string, ImageScores> scores)
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

    private static ScoreReport Summarise(string axis, string value, List<ImageScores> scores)
    {
        var text = scores.Where(s => s.TextFidelity is not null).Select(s => s.TextFidelity!.Value).ToArray();
        return new ScoreReport
        {
            Axis = axis,
            Value = value,
            Images = scores.Count,
            TextScored = text.Length,
            MeanTextFidelity = text.Length > 0 ? Math.Round(text.Average(), 4) : null,
            MinTextFidelity = text.Length > 0 ? text.Min() : null,
            MaxTextFidelity = text.Length > 0 ? text.Max() : null,
            WorstTextFidelity = scores.Where(s => s.TextFidelityWorst is not null).Select(s => s.TextFidelityWorst).Min(),
            MeanSharpness = scores.Count > 0 ? Math.Round(scores.Average(s => s.Sharpness), 2) : 0,
            MeanColourfulness = scores.Count > 0 ? Math.Round(scores.Average(s => s.Colourfulness), 2) : 0,
        };
    }
}
