using System.Text;
using System.Text.Json;
using FluxBatch.Execution;
using FluxBatch.Gallery.Tests.Support;

namespace FluxBatch.Gallery.Tests;

/// <summary><c>fluxbatch export</c> of a real emulator run: one row per planned job, in plan order, with the journal's facts.</summary>
[Collection(EmulatorRunCollection.Name)]
public sealed class ExportCommandTests(EmulatorRun run)
{
    [Fact]
    public async Task Csv_has_one_row_per_planned_job_with_its_state_seed_axes_cost_and_timings()
    {
        var result = await Fluxbatch.RunAsync("export", run.RunDirectory, "--format", "csv");

        Assert.True(result.ExitCode == 0, result.Errors);
        var table = ParseCsv(result.Output);
        var header = table[0];
        var rows = table.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        var jobs = run.Plan.Jobs.ToList();
        Assert.Equal(jobs.Select(j => j.Id), rows.Select(r => r["id"]));
        foreach (var column in new[] { "state", "seed", "font", "steps", "guidance", "cost_usd", "estimated_usd", "submitted_at", "ready_at", "generation_seconds", "image", "task_id" })
            Assert.Contains(column, header);
        await using var journal = RunJournal.Open(run.RunDirectory);
        foreach (var (job, row) in jobs.Zip(rows))
        {
            var record = journal.Find(job.Id);
            Assert.Equal(job.Request.Seed.ToString(), row["seed"]);
            Assert.Equal(job.Request.Steps.ToString(), row["steps"]);
            Assert.Equal((string)job.Parameters.Single(p => p.Key == "font").Value, row["font"]);
            Assert.Equal(job.OutputFile, row["image"]);
            Assert.Equal(record?.TaskId ?? "", row["task_id"]);
            var expected = record?.State switch
            {
                null or JobState.Planned => "not-run",
                JobState.Downloaded => "done",
                JobState.Failed => record.Failure == FailureKind.Moderated ? "moderated" : "failed",
                _ => row["state"],
            };
            Assert.Equal(expected, row["state"]);
            Assert.Equal(row["state"] == "done", row["ready_at"] != "" && row["generation_seconds"] != "");
        }
        Assert.Contains(rows, r => r["state"] == "not-run");
    }

    [Fact]
    public async Task Jsonl_has_one_object_per_planned_job_and_keeps_hostile_text_exact()
    {
        var file = Path.Combine(run.Scratch("export"), "run.jsonl");

        var result = await Fluxbatch.RunAsync("export", run.RunDirectory, "--format", "jsonl", "--out", file);

        Assert.True(result.ExitCode == 0, result.Errors);
        var lines = File.ReadAllLines(file);
        Assert.Equal(run.Plan.Count, lines.Length);
        var objects = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(run.Plan.Jobs.Select(j => j.Id), objects.Select(o => o.GetProperty("id").GetString()));
        Assert.Contains(objects, o => o.GetProperty("parameters").GetProperty("font").GetString() == EmulatorRun.Hostile);
        Assert.Contains(objects, o => o.GetProperty("prompt").GetString()!.Contains(EmulatorRun.Hostile, StringComparison.Ordinal));
        Assert.All(objects.Where(o => o.GetProperty("state").GetString() == "done"), o => Assert.True(o.GetProperty("generation_seconds").GetDouble() >= 0));
    }

    [Fact]
    public async Task An_unknown_format_is_invalid_input()
    {
        var result = await Fluxbatch.RunAsync("export", run.RunDirectory, "--format", "xlsx");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("csv or jsonl", result.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-1.5", "-1.5")]
    public void Csv_fields_are_quoted_and_formulas_defused(string value, string field) => Assert.Equal(field, RunExport.Csv(value));

    /// <summary>RFC 4180, as a spreadsheet reads it.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add([.. row]); row.Clear(); }
            else if (c != '\r') field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add([.. row]); }
        return rows;
    }
}
