using CsCheck;
using FluxBatch.Manifest;
using FluxBatch.Planning;
using FluxBatch.Planning.Shards;

namespace FluxBatch.Runtime.Tests.Shards;

public sealed class ShardTests
{
    private static Plan PlanOf(int steps, int guidances, int seeds) =>
        Plan.Create(ManifestReader.Read("shards.flux.yaml", $$"""
            name: shards
            model: flux-2-flex
            prompt: "A lighthouse, steps {{"{{"}} steps {{"}}"}}"
            defaults: { width: 512, height: 512 }
            sweep:
              grid:
                steps: [{{string.Join(", ", Enumerable.Range(1, steps).Select(s => s * 2))}}]
                guidance: [{{string.Join(", ", Enumerable.Range(0, guidances).Select(g => (2 + g * 0.5m).ToString(System.Globalization.CultureInfo.InvariantCulture)))}}]
            seeds: { base: 7, count: {{seeds}} }
            budget: { max_usd: 1000 }
            """).Manifest ?? throw new InvalidOperationException("invalid test manifest"));

    [Fact]
    public void The_shards_are_disjoint_and_together_are_the_plan()
    {
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 5], Gen.Int[1, 4], Gen.Int[1, 9]).Sample((steps, guidances, seeds, count) =>
        {
            var plan = PlanOf(steps, guidances, seeds);
            var whole = plan.Jobs.Select(j => j.Id).ToList();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            long counted = 0;
            decimal estimated = 0;
            for (var k = 1; k <= count; k++)
            {
                var shard = plan.ForShard(new ShardSpec(k, count));
                var ids = shard.Jobs.Select(j => j.Id).ToList();
                Assert.Equal(ids.Count, shard.Count);
                Assert.Equal(shard.Jobs.Sum(j => j.EstimatedUsd), shard.TotalEstimateUsd);
                Assert.Equal(plan.Hash, shard.Hash); // every shard records the whole plan's hash
                foreach (var id in ids)
                    Assert.True(seen.Add(id), $"job {id} is in two shards");
                counted += shard.Count;
                estimated += shard.TotalEstimateUsd;
                // Plan order is kept within a shard (indices rise), so a shard's folder reads like the plan.
                Assert.Equal(shard.Jobs.Select(j => j.Index).Order(), shard.Jobs.Select(j => j.Index));
            }
            Assert.Equal(whole.Count, seen.Count);
            Assert.True(seen.SetEquals(whole));
            Assert.Equal(plan.Count, counted);
            Assert.Equal(plan.TotalEstimateUsd, estimated);
        }, iter: 60);
    }

    [Fact]
    public void A_job_lands_in_the_same_shard_on_every_machine()
    {
        // Pinned: a change of the split would strand every shard folder already run (their jobs would move).
        Assert.Equal(1, ShardSpec.Of("0123456789abcdef", 1));
        var spread = Enumerable.Range(0, 4000).Select(i => ShardSpec.Of(i.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), 4)).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([1, 2, 3, 4], spread.Keys.Order());
        Assert.All(spread.Values, n => Assert.InRange(n, 850, 1150)); // a hash, not the id's first digit: even shares
        Assert.Equal(ShardSpec.Of("9f3a7c21b0d4e865", 7), ShardSpec.Of("9f3a7c21b0d4e865", 7));
    }

    [Fact]
    public void A_shard_runs_its_share_of_the_budget_so_the_shards_together_never_pass_it()
    {
        var plan = PlanOf(5, 4, 3);
        var shares = Enumerable.Range(1, 3).Select(k => plan.ForShard(new ShardSpec(k, 3))).Select(s => (s.BudgetShare(10m), s.TotalEstimateUsd)).ToList();
        Assert.True(shares.Sum(s => s.Item1) <= 10m);
        Assert.All(shares, s => Assert.Equal(Math.Round(10m * s.TotalEstimateUsd / plan.TotalEstimateUsd, 5), Math.Round(s.Item1, 5)));
        Assert.Equal(10m, plan.BudgetShare(10m));
    }

    [Theory]
    [InlineData("2/4", 2, 4)]
    [InlineData("1/1", 1, 1)]
    [InlineData("10/10", 10, 10)]
    public void K_of_N_is_one_based(string text, int number, int count)
    {
        var shard = ShardSpec.TryParse(text, out var error);
        Assert.Null(error);
        Assert.Equal((number, count), (shard!.Number, shard.Count));
        Assert.Equal(text, shard.ToString());
    }

    [Theory]
    [InlineData("0/4", "K is 1-based, 1 to 4")]
    [InlineData("5/4", "shard 5 of 4 does not exist")]
    [InlineData("1/0", "the shard count must be 1 to")]
    [InlineData("a/4", "is not K/N")]
    [InlineData("1/4/2", "is not K/N")]
    [InlineData("-1/4", "is not K/N")]
    [InlineData("1/20000", "the shard count must be 1 to 10,000")]
    public void A_bad_shard_is_refused_with_the_reason(string text, string reason)
    {
        Assert.Null(ShardSpec.TryParse(text, out var error));
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("0", 4, 1)]
    [InlineData("3", 4, 4)]
    public void The_kubernetes_index_is_zero_based(string index, int count, int number) =>
        Assert.Equal(number, ShardSpec.FromZeroBasedIndex(index, count, out _)!.Number);

    [Theory]
    [InlineData("4", 4, "out of range for 4 shard(s): it must be 0 to 3")]
    [InlineData("x", 4, "not a 0-based shard index")]
    public void A_bad_kubernetes_index_is_refused(string index, int count, string reason)
    {
        Assert.Null(ShardSpec.FromZeroBasedIndex(index, count, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void The_default_folder_of_a_shard_is_beside_the_plans_never_inside()
    {
        Assert.Equal("runs/poster.shard-2-of-4", ShardFolders.Default("runs/poster", new ShardSpec(2, 4)));
        Assert.Equal("runs/poster", ShardFolders.Default("runs/poster", null));
    }
}
