using System.Globalization;

namespace FluxBatch.Emulator.Options;

/// <summary>How a task's generation time is chosen.</summary>
public enum LatencyDistribution
{
    /// <summary>Every task takes <see cref="LatencySpec.First"/>.</summary>
    Fixed,
    /// <summary>Uniform between <see cref="LatencySpec.First"/> (min) and <see cref="LatencySpec.Second"/> (max).</summary>
    Uniform,
    /// <summary>Normal with mean <see cref="LatencySpec.First"/> and standard deviation <see cref="LatencySpec.Second"/>, clamped at zero.</summary>
    Normal,
    /// <summary>Exponential with mean <see cref="LatencySpec.First"/>.</summary>
    Exponential,
}

/// <summary>
/// The generation time of emulated tasks: fixed or drawn from a distribution. Draws come from the emulator's
/// seeded per-task randomness, so the same seed and the same submissions give the same latencies.
/// Text form (see <see cref="Parse"/>): <c>200ms</c>, <c>uniform:100ms..300ms</c>, <c>normal:200ms,50ms</c>,
/// <c>exp:200ms</c>.
/// </summary>
public sealed record LatencySpec
{
    private LatencySpec(LatencyDistribution distribution, TimeSpan first, TimeSpan second)
    {
        Distribution = distribution;
        First = first;
        Second = second;
    }

    /// <summary>Tasks are ready as soon as they are submitted.</summary>
    public static LatencySpec Zero { get; } = Fixed(TimeSpan.Zero);

    public LatencyDistribution Distribution { get; }

    /// <summary>Fixed: the value. Uniform: the minimum. Normal and exponential: the mean.</summary>
    public TimeSpan First { get; }

    /// <summary>Uniform: the maximum. Normal: the standard deviation. Otherwise zero.</summary>
    public TimeSpan Second { get; }

    public static LatencySpec Fixed(TimeSpan value) => new(LatencyDistribution.Fixed, value, TimeSpan.Zero);

    public static LatencySpec Uniform(TimeSpan min, TimeSpan max) => new(LatencyDistribution.Uniform, min, max);

    public static LatencySpec Normal(TimeSpan mean, TimeSpan standardDeviation) => new(LatencyDistribution.Normal, mean, standardDeviation);

    public static LatencySpec Exponential(TimeSpan mean) => new(LatencyDistribution.Exponential, mean, TimeSpan.Zero);

    /// <summary>Draws one latency from two independent uniform numbers in [0, 1).</summary>
    public TimeSpan Sample(double u1, double u2)
    {
        var first = First.TotalMilliseconds;
        var second = Second.TotalMilliseconds;
        var milliseconds = Distribution switch
        {
            LatencyDistribution.Fixed => first,
            LatencyDistribution.Uniform => first + ((second - first) * u1),
            // Box-Muller; 1 - u keeps the logarithm finite.
            LatencyDistribution.Normal => first + (second * Math.Sqrt(-2 * Math.Log(1 - u1)) * Math.Cos(2 * Math.PI * u2)),
            LatencyDistribution.Exponential => -first * Math.Log(1 - u1),
            _ => throw new InvalidOperationException($"Unknown distribution {Distribution}."),
        };
        return TimeSpan.FromMilliseconds(Math.Max(0, milliseconds));
    }

    /// <summary>Problems with this spec, as sentences; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (First < TimeSpan.Zero || Second < TimeSpan.Zero)
        {
            yield return $"Latency '{this}' has a negative duration.";
        }
        if (Distribution == LatencyDistribution.Uniform && Second < First)
        {
            yield return $"Latency '{this}' has its maximum below its minimum.";
        }
    }

    /// <summary>
    /// Reads <c>DURATION</c> (fixed), <c>uniform:MIN..MAX</c>, <c>normal:MEAN,STDDEV</c> or <c>exp:MEAN</c>,
    /// where a duration is written as in <see cref="DurationText.Parse"/>. Throws <see cref="FormatException"/>.
    /// </summary>
    public static LatencySpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return Fixed(DurationText.Parse(text));
        }

        var kind = text[..colon].Trim().ToLowerInvariant();
        var arguments = text[(colon + 1)..];
        return kind switch
        {
            "fixed" => Fixed(DurationText.Parse(arguments)),
            "uniform" => Uniform(Two(arguments, "..", text).A, Two(arguments, "..", text).B),
            "normal" => Normal(Two(arguments, ",", text).A, Two(arguments, ",", text).B),
            "exp" or "exponential" => Exponential(DurationText.Parse(arguments)),
            _ => throw new FormatException(
                $"'{text}' is not a latency: expected DURATION, uniform:MIN..MAX, normal:MEAN,STDDEV or exp:MEAN."),
        };
    }

    public override string ToString() => Distribution switch
    {
        LatencyDistribution.Fixed => DurationText.Format(First),
        LatencyDistribution.Uniform => $"uniform:{DurationText.Format(First)}..{DurationText.Format(Second)}",
        LatencyDistribution.Normal => $"normal:{DurationText.Format(First)},{DurationText.Format(Second)}",
        LatencyDistribution.Exponential => $"exp:{DurationText.Format(First)}",
        _ => Distribution.ToString(),
    };

    private static (TimeSpan A, TimeSpan B) Two(string arguments, string separator, string whole)
    {
        var parts = arguments.Split(separator);
        if (parts.Length != 2)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                $"'{whole}' needs two durations separated by '{separator}'."));
        }
        return (DurationText.Parse(parts[0]), DurationText.Parse(parts[1]));
    }
}
