using FluxBatch.Execution;
using FluxBatch.Outputs;
using FluxBatch.Runtime.Tests.Support;
using static FluxBatch.Runtime.Tests.Execution.ExecutorHarness;

namespace FluxBatch.Runtime.Tests.Execution;

public sealed class BatchExecutorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Runs_every_job_once_and_writes_image_sidecar_and_summary()
    {
        var provider = new FakeProvider { PendingPolls = 2 };
        var jobs = TestPlans.Jobs(20).ToList();

        var report = await RunAsync(provider, _dir.Path, jobs);

        Assert.Equal(RunOutcome.Completed, report.Outcome);
        Assert.Equal(20, report.Downloaded);
        Assert.All(provider.SubmitsByPrompt.Values, n => Assert.Equal(1, n));
        foreach (var job in jobs)
        {
            var image = Path.Combine(_dir.Path, job.OutputFile);
            Assert.True(File.Exists(image), image);
            var sidecar = System.Text.Json.JsonSerializer.Deserialize(File.ReadAllBytes(image + ".json"), OutputJsonContext.Default.ImageSidecar)!;
            Assert.Equal(job.Id, sidecar.JobId);
            Assert.Equal(job.Request.Seed, sidecar.Seed);
            Assert.Equal(0.06m, sidecar.CostUsd);
            Assert.Equal(AtomicFile.Sha256Hex(File.ReadAllBytes(image)), sidecar.Sha256);
            Assert.Equal(3, sidecar.Timings.Polls);
        }
        Assert.True(File.Exists(Path.Combine(_dir.Path, "run.json")));
        Assert.Equal(20, (await CountsAsync(_dir.Path))[JobState.Downloaded]);
        Assert.Equal(1.2m, report.SpentUsd);
    }

    [Fact]
    public async Task Never_exceeds_the_concurrency_limit()
    {
        var provider = new FakeProvider { PendingPolls = 3 };
        await RunAsync(provider, _dir.Path, TestPlans.Jobs(40).ToList(), FastOptions(concurrency: 3));
        Assert.InRange(provider.MaxInFlight, 1, 3);
    }

    [Fact]
    public async Task A_429_on_submit_is_retried_and_not_counted_as_a_submission()
    {
        var provider = new FakeProvider { Outcome = _ => FakeOutcome.RateLimitOnce };
        var report = await RunAsync(provider, _dir.Path, TestPlans.Jobs(10).ToList());
        Assert.Equal(RunOutcome.Completed, report.Outcome);
        Assert.All(provider.SubmitsByPrompt.Values, n => Assert.Equal(1, n));
        Assert.Equal(10, report.Submissions);
    }

    [Fact]
    public async Task An_in_doubt_submit_is_never_resent_not_even_on_resume()
    {
        var jobs = TestPlans.Jobs(3).ToList();
        var doubtful = jobs[1].Request.Prompt;
        var provider = new FakeProvider { Outcome = p => p == doubtful ? FakeOutcome.InDoubt : FakeOutcome.Ready };

        var first = await RunAsync(provider, _dir.Path, jobs);
        var second = await RunAsync(provider, _dir.Path, jobs);

        Assert.Equal(RunOutcome.CompletedWithFailures, first.Outcome);
        Assert.Equal(1, first.InDoubt);
        Assert.Equal(jobs[1].Id, Assert.Single(first.InDoubtJobs).JobId);
        Assert.Contains("in doubt", first.InDoubtJobs[0].Reason);
        Assert.Equal(1, second.InDoubt);
        Assert.Equal(2, second.AlreadyDone);
        Assert.Equal(1, provider.SubmitsByPrompt[doubtful]);
        // The estimate of an in-doubt job stays counted: it may have been billed.
        Assert.Equal(0.06m * 3, second.SpentUsd);
    }

    [Fact]
    public async Task Resubmit_in_doubt_sends_it_again_when_asked()
    {
        var jobs = TestPlans.Jobs(2).ToList();
        await RunAsync(new FakeProvider { Outcome = p => p == jobs[0].Request.Prompt ? FakeOutcome.InDoubt : FakeOutcome.Ready }, _dir.Path, jobs);
        var healthy = new FakeProvider();

        var report = await RunAsync(healthy, _dir.Path, jobs, FastOptions() with { ResubmitInDoubt = true });

        Assert.Equal(RunOutcome.Completed, report.Outcome);
        Assert.Equal(1, report.Downloaded);
        Assert.Equal(1, healthy.TotalSubmits);
    }

    [Theory]
    [InlineData(FakeOutcome.RequestModerated, "Request Moderated")]
    [InlineData(FakeOutcome.ContentModerated, "Content Moderated")]
    [InlineData(FakeOutcome.Error, "Error")]
    [InlineData(FakeOutcome.Invalid, "422")]
    public async Task Permanent_failures_are_recorded_with_reasons_and_never_retried(FakeOutcome outcome, string reason)
    {
        var jobs = TestPlans.Jobs(2).ToList();
        var provider = new FakeProvider { Outcome = p => p == jobs[0].Request.Prompt ? outcome : FakeOutcome.Ready };

        var first = await RunAsync(provider, _dir.Path, jobs);
        var second = await RunAsync(provider, _dir.Path, jobs);

        Assert.Equal(1, first.Failed);
        Assert.Contains(reason, Assert.Single(first.Failures).Reason);
        Assert.Equal(1, second.Failed);
        Assert.True(provider.SubmitsByPrompt.GetValueOrDefault(jobs[0].Request.Prompt) <= 1);
        Assert.Equal(1, provider.SubmitsByPrompt[jobs[1].Request.Prompt]);
    }

    [Fact]
    public async Task Moderated_jobs_are_refunded()
    {
        var provider = new FakeProvider { Outcome = _ => FakeOutcome.ContentModerated };
        var report = await RunAsync(provider, _dir.Path, TestPlans.Jobs(4).ToList(), FastOptions(concurrency: 1, budget: 0.10m));
        Assert.Equal(0m, report.SpentUsd);
        Assert.Equal(4, report.Failed);
    }

    [Fact]
    public async Task An_expired_sample_is_fetched_again_after_a_fresh_poll()
    {
        var provider = new FakeProvider { Outcome = _ => FakeOutcome.ExpiredOnce };
        var report = await RunAsync(provider, _dir.Path, TestPlans.Jobs(3).ToList());
        Assert.Equal(3, report.Downloaded);
        Assert.Equal(3, provider.TotalSubmits);
    }

    [Fact]
    public async Task The_budget_stops_submissions_and_reports_what_did_not_run()
    {
        var provider = new FakeProvider();
        var report = await RunAsync(provider, _dir.Path, TestPlans.Jobs(10).ToList(), FastOptions(budget: 0.25m));
        Assert.Equal(RunOutcome.BudgetReached, report.Outcome);
        Assert.Equal(4, report.Downloaded);
        Assert.Equal(6, report.NotRun);
        Assert.Equal(4, provider.TotalSubmits);
        Assert.True(report.SpentUsd <= 0.25m);
    }

    [Fact]
    public async Task Out_of_credits_stops_the_whole_run()
    {
        var provider = new FakeProvider { Outcome = p => p.EndsWith(" 3", StringComparison.Ordinal) ? FakeOutcome.OutOfCredits : FakeOutcome.Ready };
        var report = await RunAsync(provider, _dir.Path, TestPlans.Jobs(50).ToList(), FastOptions(concurrency: 1));
        Assert.Equal(RunOutcome.Stopped, report.Outcome);
        Assert.Contains("402", report.StopReason);
        Assert.Equal(3, report.Downloaded);
        Assert.Equal(47, report.NotRun);
    }

    [Fact]
    public async Task Resume_skips_downloaded_jobs_and_refetches_a_deleted_image_without_resubmitting()
    {
        var jobs = TestPlans.Jobs(5).ToList();
        var provider = new FakeProvider();
        await RunAsync(provider, _dir.Path, jobs);
        File.Delete(Path.Combine(_dir.Path, jobs[2].OutputFile));

        var report = await RunAsync(provider, _dir.Path, jobs);

        Assert.Equal(4, report.AlreadyDone);
        Assert.Equal(1, report.Downloaded);
        Assert.True(File.Exists(Path.Combine(_dir.Path, jobs[2].OutputFile)));
        Assert.Equal(5, provider.TotalSubmits);
    }

    [Fact]
    public async Task Changing_the_plan_submits_only_the_new_jobs()
    {
        var provider = new FakeProvider();
        await RunAsync(provider, _dir.Path, TestPlans.Jobs(4).ToList());
        var grown = TestPlans.Jobs(4).Concat(TestPlans.Jobs(2, prefix: "extra")).ToList();
        var report = await RunAsync(provider, _dir.Path, grown);
        Assert.Equal(4, report.AlreadyDone);
        Assert.Equal(2, report.Downloaded);
        Assert.Equal(6, provider.TotalSubmits);
    }

    [Fact]
    public async Task A_job_started_early_and_still_waiting_for_a_slot_goes_back_to_planned_when_the_run_stops()
    {
        // Concurrency 1: job 0 teaches the pacer; job 1 forecasts its finish, so job 2 starts early (durable
        // "submitting") and waits for the slot, which job 1 keeps while its poll is held. Then the run stops.
        using var stop = new CancellationTokenSource();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var jobs = TestPlans.Jobs(3).ToList();
        var provider = new FakeProvider { OnPoll = prompt => prompt == jobs[1].Request.Prompt ? release.Task : Task.CompletedTask };

        var run = RunAsync(provider, _dir.Path, jobs, FastOptions(concurrency: 1), stop.Token);
        await WaitForStateAsync(jobs[2].Id, JobState.Submitting);
        stop.Cancel();
        release.SetResult();
        var report = await run;

        Assert.Equal(RunOutcome.Interrupted, report.Outcome);
        Assert.Equal(2, report.Downloaded);
        Assert.Equal(1, report.NotRun);
        Assert.False(provider.SubmitsByPrompt.ContainsKey(jobs[2].Request.Prompt));
        await using var journal = RunJournal.Open(_dir.Path);
        Assert.Equal(JobState.Planned, journal.Find(jobs[2].Id)!.State);
        Assert.Equal(0.12m, journal.CommittedSpendUsd()); // the early start's reservation is not spent
    }

    private async Task WaitForStateAsync(string jobId, JobState state)
    {
        var path = Path.Combine(_dir.Path, RunJournal.FileName);
        for (var attempt = 0; attempt < 500; attempt++)
        {
            if (File.Exists(path))
            {
                await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT state FROM jobs WHERE id = $id";
                command.Parameters.AddWithValue("$id", jobId);
                if (await command.ExecuteScalarAsync() is string found && found == state.ToText())
                    return;
            }
            await Task.Delay(10);
        }
        Assert.Fail($"{jobId} never reached {state}");
    }

    [Fact]
    public async Task Stopping_submissions_finishes_in_flight_jobs_and_reports_the_rest_as_not_run()
    {
        using var stop = new CancellationTokenSource();
        var submitted = 0;
        var provider = new FakeProvider
        {
            OnSubmit = _ =>
            {
                if (Interlocked.Increment(ref submitted) == 3)
                    stop.Cancel();
                return Task.CompletedTask;
            },
        };
        var report = await RunAsync(provider, _dir.Path, TestPlans.Jobs(30).ToList(), FastOptions(concurrency: 1), stop.Token);

        Assert.Equal(RunOutcome.Interrupted, report.Outcome);
        Assert.Equal(3, report.Downloaded);
        Assert.Equal(27, report.NotRun);
        var counts = await CountsAsync(_dir.Path);
        Assert.Equal(3, counts[JobState.Downloaded]);
        Assert.False(counts.ContainsKey(JobState.Submitting));
    }
}
