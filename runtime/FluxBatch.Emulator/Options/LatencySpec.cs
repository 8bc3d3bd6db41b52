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
    /// <summary>
    /// The generation-time model: <see cref="LatencySpec.First"/> (base) + <see cref="LatencySpec.Second"/> (per step
    /// and megapixel) × steps × output megapixels, divided by <see cref="LatencySpec.Divisor"/>.
    /// </summary>
    Model,
}

/// <summary>What a task asks the model to do, for <see cref="LatencyDistribution.Model"/>.</summary>
/// <param name="Steps">Sampling steps (flex); other models count as <see cref="LatencySpec.StepsWithoutSteps"/>.</param>
/// <param name="Megapixels">Output megapixels.</param>
public readonly record struct GenerationWork(int Steps, decimal Megapixels);

/// <summary>
/// The generation time of emulated tasks: fixed or drawn from a distribution. Draws come from the emulator's
/// seeded per-task randomness, so the same seed and the same submissions give the same latencies.
/// Text form (see <see cref="Parse"/>): <c>200ms</c>, <c>uniform:100ms..300ms</c>, <c>normal:200ms,50ms</c>,
/// <c>exp:200ms</c>, and the generation-time model <c>model</c>, <c>model:2s+400ms</c> or <c>model/100</c>
/// (<c>base + per_step × steps × MP</c>, optionally scaled down).
/// </summary>
public sealed record LatencySpec
{
    /// <summary>
    /// The model's defaults, in the range flux-api.md gives for flex ("seconds to a couple of minutes"): 2 s to
    /// start, plus 0.4 s per step and output megapixel, so 12 steps at 1 MP take 6.8 s, 50 steps at 1.5 MP 32 s,
    /// and 50 steps at 4 MP 82 s.
    /// </summary>
    public static readonly TimeSpan DefaultModelBase = TimeSpan.FromSeconds(2);

    /// <inheritdoc cref="DefaultModelBase"/>
    public static readonly TimeSpan DefaultModelPerStep = TimeSpan.FromMilliseconds(400);

    /// <summary>Models other than flex take no steps; the model counts them as this many.</summary>
    public const int StepsWithoutSteps = 20;

    /// <summary>Steps when a flex request sends none (the API's default).</summary>
    public const int DefaultSteps = 50;

    private LatencySpec(LatencyDistribution distribution, TimeSpan first, TimeSpan second, int divisor = 1)
    {
        Distribution = distribution;
        First = first;
        Second = second;
        Divisor = divisor;
    }

    /// <summary>Tasks are ready as soon as they are submitted.</summary>
    public static LatencySpec Zero { get; } = Fixed(TimeSpan.Zero);

    public LatencyDistribution Distribution { get; }

    /// <summary>Fixed: the value. Uniform: the minimum. Normal and exponential: the mean.</summary>
    public TimeSpan First { get; }

    /// <summary>Uniform: the maximum. Normal: the standard deviation. Model: the time per step and megapixel. Otherwise zero.</summary>
    public TimeSpan Second { get; }

    /// <summary>Model only: how many times faster than the model the emulator runs (1 = real time).</summary>
    public int Divisor { get; }

    /// <summary>
    /// What <c>fluxbatch run</c>'s embedded emulator uses: the model a hundred times faster, so a sweep's timings
    /// still show the speed-for-fidelity trade and the README's 56-image sweep finishes in seconds.
    /// </summary>
    public static LatencySpec EmbeddedDefault { get; } = Model(DefaultModelBase, DefaultModelPerStep, 20);

    public static LatencySpec Fixed(TimeSpan value) => new(LatencyDistribution.Fixed, value, TimeSpan.Zero);

    public static LatencySpec Uniform(TimeSpan min, TimeSpan max) => new(LatencyDistribution.Uniform, min, max);

    public static LatencySpec Normal(TimeSpan mean, TimeSpan standardDeviation) => new(LatencyDistribution.Normal, mean, standardDeviation);

    public static LatencySpec Exponential(TimeSpan mean) => new(LatencyDistribution.Exponential, mean, TimeSpan.Zero);

    /// <summary><c>base + perStep × steps × MP</c>, divided by <paramref name="divisor"/>.</summary>
    public static LatencySpec Model(TimeSpan @base, TimeSpan perStep, int divisor = 1) => new(LatencyDistribution.Model, @base, perStep, divisor);

    /// <summary>
    /// Draws one latency for a task: the model from its work, the distributions from two independent uniform
    /// numbers in [0, 1).
    /// </summary>
    public TimeSpan Sample(double u1, double u2, GenerationWork work)
    {
        if (Distribution != LatencyDistribution.Model)
        {
            return Sample(u1, u2);
        }
        var milliseconds = First.TotalMilliseconds + (Second.TotalMilliseconds * work.Steps * (double)work.Megapixels);
        return TimeSpan.FromMilliseconds(Math.Max(0, milliseconds / Divisor));
    }

    /// <summary>Draws one latency from two independent uniform numbers in [0, 1) (the model: 50 steps at 1 MP).</summary>
    public TimeSpan Sample(double u1, double u2)
    {
        if (Distribution == LatencyDistribution.Model)
        {
            return Sample(u1, u2, new GenerationWork(DefaultSteps, 1m));
        }
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
        if (Divisor < 1)
        {
            yield return $"Latency '{this}' must be scaled down by a whole number of at least 1.";
        }
    }

    /// <summary>
    /// Reads <c>DURATION</c> (fixed), <c>uniform:MIN..MAX</c>, <c>normal:MEAN,STDDEV</c> or <c>exp:MEAN</c>,
    /// where a duration is written as in <see cref="DurationText.Parse"/>. Throws <see cref="FormatException"/>.
    /// </summary>
    public static LatencySpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().StartsWith("model", StringComparison.OrdinalIgnoreCase))
        {
            return ParseModel(text.Trim());
        }
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
                $"'{text}' is not a latency: expected DURATION, uniform:MIN..MAX, normal:MEAN,STDDEV, exp:MEAN or model[:BASE+PER_STEP][/N]."),
        };
    }

    public override string ToString() => Distribution switch
    {
        LatencyDistribution.Fixed => DurationText.Format(First),
        LatencyDistribution.Uniform => $"uniform:{DurationText.Format(First)}..{DurationText.Format(Second)}",
        LatencyDistribution.Normal => $"normal:{DurationText.Format(First)},{DurationText.Format(Second)}",
        LatencyDistribution.Exponential => $"exp:{DurationText.Format(First)}",
        LatencyDistribution.Model => $"model:{DurationText.Format(First)}+{DurationText.Format(Second)}"
            + (Divisor == 1 ? string.Empty : "/" + Divisor.ToString(CultureInfo.InvariantCulture)),
        _ => Distribution.ToString(),
    };

    /// <summary><c>model</c>, <c>model:BASE+PER_STEP</c>, each optionally followed by <c>/N</c> (N times faster).</summary>
    private static LatencySpec ParseModel(string text)
    {
        var body = text["model".Length..];
        var divisor = 1;
        var slash = body.LastIndexOf('/');
        if (slash >= 0)
        {
            if (!int.TryParse(body[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out divisor) || divisor < 1)
            {
                throw new FormatException($"'{text}' must end in /N with N a whole number of at least 1 (how many times faster).");
            }
            body = body[..slash];
        }
        if (body.Length == 0)
        {
            return Model(DefaultModelBase, DefaultModelPerStep, divisor);
        }
        if (body[0] != ':')
        {
            throw new FormatException($"'{text}' is not a latency model: expected model, model:BASE+PER_STEP or either with /N.");
        }
        var (baseTime, perStep) = Two(body[1..], "+", text);
        return Model(baseTime, perStep, divisor);
    }

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
