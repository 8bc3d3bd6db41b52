using CsCheck;
using FluxBatch.Execution;
using FluxBatch.Runtime.Tests.Support;

namespace FluxBatch.Runtime.Tests.Execution;

public sealed class BudgetPropertyTests
{
    /// <summary>One generated job: its estimate in cents, the charged share of it, and whether it gets moderated.</summary>
    private static readonly Gen<(int EstimateCents, int ChargedPercent, bool Moderated)> JobGen =
        Gen.Select(Gen.Int[1, 30], Gen.Int[50, 100], Gen.Int[0, 9].Select(n => n == 0));

    private static readonly Gen<(List<(int EstimateCents, int ChargedPercent, bool Moderated)> Jobs, int BudgetCents, int Concurrency)> RunGen =
        Gen.Select(JobGen.List[1, 40], Gen.Int[0, 400], Gen.Int[1, 8]);

    [Fact]
    public void The_ledger_never_lets_spent_plus_reserved_pass_the_limit()
    {
        Gen.Select(Gen.Int[0, 1000], Gen.Int[1, 100].Array[1, 60]).Sample((limit, estimates) =>
        {
            var ledger = new BudgetLedger(limit);
            foreach (var estimate in estimates)
            {
                var reservation = ledger.TryReserve(estimate);
                Assert.True(ledger.SpentUsd + ledger.ReservedUsd <= limit);
                reservation?.Settle(estimate / 2m);
            }
        });
    }

    [Fact]
    public async Task A_run_never_spends_past_its_budget_whatever_the_costs_and_job_count()
    {
        await RunGen.SampleAsync(async sample =>
        {
            using var dir = new TempDir();
            var jobs = sample.Jobs.Select((j, i) => TestPlans.Job(i, j.EstimateCents / 100m)).ToList();
            var byPrompt = jobs.Zip(sample.Jobs).ToDictionary(p => p.First.Request.Prompt, p => p.Second);
            var provider = new FakeProvider
            {
                CostCredits = p => byPrompt[p].EstimateCents * byPrompt[p].ChargedPercent / 100m,
                Outcome = p => byPrompt[p].Moderated ? FakeOutcome.ContentModerated : FakeOutcome.Ready,
            };
            var budget = sample.BudgetCents / 100m;

            var report = await ExecutorHarness.RunAsync(provider, dir.Path, jobs, ExecutorHarness.FastOptions(sample.Concurrency, budget));

            var charged = provider.SubmitsByPrompt.Where(p => p.Value > 0).Sum(p => byPrompt[p.Key].Moderated ? 0m
                : byPrompt[p.Key].EstimateCents * byPrompt[p.Key].ChargedPercent / 10000m);
            Assert.True(report.SpentUsd <= budget, $"spent {report.SpentUsd} > budget {budget}");
            Assert.Equal(charged, report.SpentUsd);
            Assert.Equal(jobs.Count, report.Downloaded + report.Failed + report.NotRun);
            Assert.All(provider.SubmitsByPrompt.Values, n => Assert.True(n <= 1));
        }, iter: 40);
    }

    /// <summary>
    /// A server charging k × the estimate (prices set too low, a price change), k from 0 to 10: the ledger reserves
    /// the first job alone, then every job at its estimate × the highest ratio seen, so the spend never passes the
    /// budget. The one exposure is the first job's own price, unknowable before it is charged: if it alone passes
    /// the budget, nothing else is sent.
    /// </summary>
    [Fact]
    public async Task A_server_charging_k_times_the_estimate_never_takes_the_spend_past_the_budget()
    {
        var gen = Gen.Select(Gen.Int[1, 30].List[1, 30], Gen.Int[0, 100], Gen.Int[0, 400], Gen.Int[1, 8]);
        await gen.SampleAsync(async (estimates, tenthsOfK, budgetCents, concurrency) =>
        {
            using var dir = new TempDir();
            var k = tenthsOfK / 10m;
            var jobs = estimates.Select((cents, i) => TestPlans.Job(i, cents / 100m)).ToList();
            var estimateOf = jobs.ToDictionary(j => j.Request.Prompt, j => j.EstimatedUsd);
            var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var provider = new FakeProvider
            {
                CostCredits = p => { order.Enqueue(p); return estimateOf[p] * k * 100m; },
            };
            var budget = budgetCents / 100m;

            var report = await ExecutorHarness.RunAsync(provider, dir.Path, jobs, ExecutorHarness.FastOptions(concurrency, budget));

            var firstCharge = order.TryPeek(out var first) ? estimateOf[first] * k : 0m;
            if (firstCharge <= budget)
                Assert.True(report.SpentUsd <= budget, $"k={k}: spent {report.SpentUsd} > budget {budget}");
            else
                Assert.Equal(1, provider.TotalSubmits); // the first job's own surprise, and nothing after it
            Assert.Equal(provider.SubmitsByPrompt.Where(p => p.Value > 0).Sum(p => estimateOf[p.Key] * k), report.SpentUsd);
            Assert.All(provider.SubmitsByPrompt.Values, n => Assert.True(n <= 1));
        }, iter: 60);
    }

    [Fact]
    public void Until_the_first_charge_is_known_only_one_reservation_is_open()
    {
        var ledger = new BudgetLedger(10m);
        var first = ledger.TryReserve(1m)!;
        Assert.Null(ledger.TryReserve(1m)); // calibrating

        first.Settle(3m); // the server charges 3 × the estimate

        Assert.Equal(3m, ledger.CostRatio);
        var second = ledger.TryReserve(1m)!;
        Assert.Equal(3m, second.ReservedUsd);
        Assert.NotNull(ledger.TryReserve(1m)); // 3 + 3 + 3 = 9 <= 10
        Assert.Null(ledger.TryReserve(1m)); // 12 > 10
    }
}
