using System.Globalization;
using System.Text;
using FluxBatch.Api;
using FluxBatch.Planning;

namespace FluxBatch.Cli.Rendering;

/// <summary>Short, culture-free text of a job's parts, shared by the table and the snapshot text.</summary>
internal static class JobText
{
    /// <summary><c>font=art deco serif, steps=12</c>.</summary>
    public static string Parameters(PlannedJob job, IReadOnlySet<string>? leaveOut = null) =>
        string.Join(", ", job.Parameters.Where(p => leaveOut?.Contains(p.Key) != true).Select(p => p.Key + "=" + Value(p.Value)));

    /// <summary>Every sent field except the prompt, under its API name: <c>width=1024 steps=12 seed=7</c>.</summary>
    public static string RequestFields(FluxRequest request)
    {
        var builder = new StringBuilder();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                builder.Append(builder.Length == 0 ? string.Empty : " ").Append(name).Append('=').Append(Value(value));
            }
        }

        Add("seed", request.Seed);
        Add("width", request.Width);
        Add("height", request.Height);
        Add("steps", request.Steps);
        Add("guidance", request.Guidance);
        Add("safety_tolerance", request.SafetyTolerance);
        Add("output_format", request.OutputFormat);
        Add("prompt_upsampling", request.PromptUpsampling);
        Add("disable_pup", request.DisablePup);
        return builder.ToString();
    }

    /// <summary>The seed and its ordinal in the combination, <c>662647730 #1</c>: equal ordinals ran equal seeds when seeds are shared.</summary>
    public static string Seed(PlannedJob job) =>
        Value(job.Request.Seed) + " #" + job.SeedOrdinal.ToString(CultureInfo.InvariantCulture);

    public static string Value(object? value) => value switch
    {
        null => string.Empty,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable<object?> list when value is not string => "[" + string.Join(", ", list.Select(Value)) + "]",
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>One line, at most <paramref name="max"/> characters, ending in an ellipsis when cut.</summary>
    public static string Truncate(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
