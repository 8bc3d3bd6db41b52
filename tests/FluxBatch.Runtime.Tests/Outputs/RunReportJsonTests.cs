using System.Text;
using System.Text.Json;
using FluxBatch.Execution;
using FluxBatch.Outputs;

namespace FluxBatch.Runtime.Tests.Outputs;

/// <summary>run.json is the run's report as it is: the same bytes the separate summary record wrote.</summary>
public sealed class RunReportJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static RunReport Report() => new()
    {
        Manifest = "poster \"typo\" é",
        Provider = "bfl",
        Outcome = RunOutcome.CompletedWithFailures,
        StopReason = null,
        StartedAt = At,
        FinishedAt = At.AddSeconds(2),
        ElapsedSeconds = 1.234,
        TotalJobs = 3,
        Downloaded = 1,
        AlreadyDone = 0,
        Failed = 1,
        InDoubt = 1,
        Unfinished = 0,
        NotRun = 0,
        Submissions = 2,
        SpentUsd = 0.06m,
        BudgetUsd = null,
        Failures = [new JobIssue("j1", 1, "a.png", "rejected: HTTP 422")],
        InDoubtJobs = [],
        FirstPost = new FirstPostTiming { At = At, AfterRunStartMs = 12.5 },
        Notices = ["not in the file"],
    };

    [Fact]
    public void Run_json_keeps_its_keys_order_and_text()
    {
        var json = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(Report(), OutputJsonContext.Readable.RunReport));

        Assert.Equal("""
            {
              "manifest": "poster \"typo\" é",
              "provider": "bfl",
              "outcome": "CompletedWithFailures",
              "started_at": "2026-01-02T03:04:05+00:00",
              "finished_at": "2026-01-02T03:04:07+00:00",
              "elapsed_seconds": 1.234,
              "total_jobs": 3,
              "downloaded": 1,
              "already_done": 0,
              "failed": 1,
              "in_doubt": 1,
              "unfinished": 0,
              "not_run": 0,
              "submissions": 2,
              "spent_usd": 0.06,
              "failures": [
                {
                  "job_id": "j1",
                  "index": 1,
                  "file": "a.png",
                  "reason": "rejected: HTTP 422"
                }
              ],
              "in_doubt_jobs": [],
              "first_post": {
                "at": "2026-01-02T03:04:05+00:00",
                "after_run_start_ms": 12.5
              }
            }
            """.ReplaceLineEndings("\n"), json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Run_json_reads_back_as_the_report_without_what_only_the_run_knows()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(Report(), OutputJsonContext.Readable.RunReport);

        var read = JsonSerializer.Deserialize(bytes, OutputJsonContext.Default.RunReport)!;

        Assert.Equal((RunOutcome.CompletedWithFailures, TimeSpan.FromSeconds(1.234), 12.5), (read.Outcome, read.Elapsed, read.FirstPost!.AfterRunStartMs));
        Assert.Empty(read.Notices);
        Assert.Equal("j1", read.Failures.Single().JobId);
    }
}
