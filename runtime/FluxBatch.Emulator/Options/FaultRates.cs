using System.Collections.Immutable;
using System.Globalization;

namespace FluxBatch.Emulator.Options;

/// <summary>
/// Injection rates per fault kind, each in [0, 1]. At each event of a stage one seeded number is drawn and walked
/// through that stage's rates in catalogue order, so at most one fault strikes per event and the rates of a stage
/// may sum to at most 1. Text form: <c>NAME=RATE</c> with names from <see cref="FaultCatalog"/>.
/// </summary>
public sealed record FaultRates
{
    private FaultRates(ImmutableDictionary<FaultKind, double> rates) => Rates = rates;

    /// <summary>No faults at all (the default).</summary>
    public static FaultRates None { get; } = new(ImmutableDictionary<FaultKind, double>.Empty);

    /// <summary>The non-zero rates.</summary>
    public ImmutableDictionary<FaultKind, double> Rates { get; }

    public double this[FaultKind kind] => Rates.GetValueOrDefault(kind);

    /// <summary>A copy with one rate set (zero removes it).</summary>
    public FaultRates With(FaultKind kind, double rate) =>
        new(rate == 0 ? Rates.Remove(kind) : Rates.SetItem(kind, rate));

    public bool Equals(FaultRates? other) =>
        other is not null && Rates.Count == other.Rates.Count && Rates.All(r => other[r.Key] == r.Value);

    public override int GetHashCode() => Rates.Count;

    /// <summary>Problems with these rates, as sentences; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        foreach (var (kind, rate) in Rates)
        {
            if (double.IsNaN(rate) || rate < 0 || rate > 1)
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"Fault rate {FaultCatalog.Get(kind).Name}={rate} is outside [0, 1].");
            }
        }
        foreach (var stage in Enum.GetValues<FaultStage>())
        {
            var sum = FaultCatalog.OfStage(stage).Sum(k => this[k]);
            if (sum > 1 + 1e-9)
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"Fault rates of stage {stage.ToString().ToLowerInvariant()} sum to {sum}; at most one fault strikes per event, so they must sum to at most 1.");
            }
        }
    }

    /// <summary>Reads <c>NAME=RATE</c> items (e.g. <c>poll.503=0.2</c>). Throws <see cref="FormatException"/>.</summary>
    public static FaultRates Parse(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var rates = None;
        foreach (var item in items)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? item.Trim() : item[..equals].Trim();
            if (!FaultCatalog.TryGet(name, out var definition))
            {
                throw new FormatException(
                    $"'{name}' is not a fault: expected one of {string.Join(", ", FaultCatalog.All.Select(d => d.Name))}.");
            }
            if (equals < 0 || !double.TryParse(item[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate))
            {
                throw new FormatException($"'{item}' needs a rate: write {definition.Name}=RATE with RATE between 0 and 1.");
            }
            rates = rates.With(definition.Kind, rate);
        }
        return rates;
    }

    public override string ToString() =>
        string.Join(" ", FaultCatalog.All.Where(d => this[d.Kind] != 0)
            .Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Name}={this[d.Kind]}")));
}
