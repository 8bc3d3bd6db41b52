using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Sweeps;
using static FluxBatch.Runtime.Tests.Planning.SpecBuilder;

namespace FluxBatch.Runtime.Tests.Planning;

public class RandomSweepTests
{
    private static RandomSweep Random(int n, long seed) => new(
        n,
        seed,
        [
            new RandomAxis("steps", new NumericRange(8, 50, null, IntegerValued: true), null, At),
            new RandomAxis("guidance", new NumericRange(1.5m, 10m, 0.1m, IntegerValued: false), null, At),
            new RandomAxis("style", null, [V("ink"), V("oil")], At),
        ],
        At);

    [Fact]
    public void Same_seed_gives_the_same_samples_and_another_seed_others()
    {
        string[] Draw(long seed) => SweepExpansion.Create(Sweep(random: Random(24, seed))).Enumerate().Select(c => c.Text()).ToArray();

        Assert.Equal(Draw(7), Draw(7));
        Assert.NotEqual(Draw(7), Draw(8));
        Assert.Equal(24, Draw(7).Length);
    }

    [Fact]
    public void Samples_are_pinned_to_their_algorithm()
    {
        // SplitMix64 is implemented here so these values never change with the .NET version.
        var first = SweepExpansion.Create(Sweep(random: Random(3, 7))).Enumerate().Select(c => c.Text()).ToArray();

        Assert.Equal(RandomSamplesPin.Seed7, first);
    }

    [Fact]
    public void Values_are_integers_for_integer_fields_and_exact_decimals_on_the_step_grid()
    {
        var samples = SweepExpansion.Create(Sweep(random: Random(200, 11))).Enumerate().ToArray();

        Assert.All(samples, s =>
        {
            Assert.True(s.TryGetValue("steps", out var steps));
            var integer = Assert.IsType<IntegerValue>(steps);
            Assert.InRange(integer.Value, 8, 50);

            Assert.True(s.TryGetValue("guidance", out var guidance));
            var number = Assert.IsType<NumberValue>(guidance).Value;
            Assert.InRange(number, 1.5m, 10m);
            Assert.Equal(0m, (number - 1.5m) % 0.1m);
            Assert.True(decimal.GetBits(number)[3] >> 16 <= 1, $"{number} has more than one decimal place");
        });
    }

    [Fact]
    public void Samples_are_distinct_and_stop_when_the_space_is_exhausted()
    {
        var tiny = new RandomSweep(10, 1, [new RandomAxis("style", null, [V("a"), V("b"), V("c")], At)], At);

        var samples = SweepExpansion.Create(Sweep(random: tiny)).Enumerate().Select(c => c.Text()).ToArray();

        Assert.Equal(["style=a", "style=b", "style=c"], samples.Order());
    }

    [Fact]
    public void Samples_come_after_the_product_and_skip_product_entries()
    {
        var random = new RandomSweep(5, 3, [new RandomAxis("steps", new NumericRange(1, 6, null, true), null, At)], At);
        var expansion = SweepExpansion.Create(Sweep(grid: [Axis("steps", 1, 2, 3)], random: random));

        var all = expansion.Enumerate().ToArray();

        Assert.Equal(6, expansion.Count);
        Assert.Equal(["steps=1", "steps=2", "steps=3"], all.Take(3).Select(c => c.Text()));
        Assert.Equal(["steps=4", "steps=5", "steps=6"], all.Skip(3).Select(c => c.Text()).Order());
        Assert.All(all.Skip(3), c => Assert.Equal(SweepSource.Random, c.Source));
    }
}

internal static class RandomSamplesPin
{
    public static readonly string[] Seed7 = ["steps=22, guidance=4.3, style=ink", "steps=8, guidance=3.1, style=oil", "steps=32, guidance=4.9, style=oil"];
}
