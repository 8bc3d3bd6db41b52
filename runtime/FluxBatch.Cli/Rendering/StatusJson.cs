using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FluxBatch.Execution;

namespace FluxBatch.Cli.Rendering;

/// <summary>
/// <c>status --format json</c>: one JSON document on one line. <c>counts</c> has every journal state plus
/// <c>not_started</c>, and they add up to <c>total_jobs</c>; money in US dollars as numbers. A failed job carries
/// its <c>failure</c> kind (<see cref="FailureKind"/>'s stored name), never to be read out of its <c>reason</c>.
/// </summary>
internal static class StatusJson
{
    public static void Write(TextWriter output, string runDirectory, RunStatus status)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("run_folder", runDirectory);
            json.WriteString("manifest", status.Manifest);
            json.WriteString("provider", status.Provider);
            json.WriteString("counted_against", status.Basis switch
            {
                StatusBasis.GivenManifest => "manifest",
                StatusBasis.RecordedPlan => "recorded_plan",
                _ => "journal",
            });
            if (status.ManifestPath is null)
                json.WriteNull("manifest_path");
            else
                json.WriteString("manifest_path", status.ManifestPath);
            json.WriteNumber("total_jobs", status.TotalJobs);
            // Shards and the shared cache (docs/scaling.md): null shard for a whole-plan folder.
            if (status.Shard is { } shard)
            {
                json.WriteStartObject("shard");
                json.WriteNumber("number", shard.Number);
                json.WriteNumber("count", shard.Count);
                json.WriteEndObject();
            }
            else
                json.WriteNull("shard");
            json.WriteString("plan_hash", status.PlanHash);
            json.WriteNumber("from_cache", status.FromCache);
            json.WriteStartObject("counts");
            foreach (var state in Enum.GetValues<JobState>())
                json.WriteNumber(RunStatus.Name(state), status.Count(state));
            json.WriteNumber("not_started", status.NotStarted);
            json.WriteEndObject();
            json.WriteNumber("other_plans", status.OtherPlans);
            json.WriteNumber("spent_usd", status.FolderSpentUsd);
            if (status.BudgetUsd is { } max)
            {
                json.WriteNumber("budget_usd", max);
                json.WriteNumber("budget_left_usd", Math.Max(0m, max - status.FolderSpentUsd));
            }
            else
            {
                json.WriteNull("budget_usd");
                json.WriteNull("budget_left_usd");
            }

            json.WriteStartArray("jobs");
            foreach (var row in RunStatus.ListedStates.SelectMany(s => status.Listed[s]).OrderBy(r => r.Index))
            {
                json.WriteStartObject();
                json.WriteNumber("index", row.Index);
                json.WriteString("id", row.JobId);
                json.WriteString("state", RunStatus.Name(row.State));
                json.WriteString("file", row.OutputFile);
                if (row.TaskId is not null)
                    json.WriteString("task_id", row.TaskId);
                if (row.Reason is not null)
                    json.WriteString("reason", row.Reason);
                if (RunStatus.Name(row.Failure) is { } failure)
                    json.WriteString("failure", failure); // the typed kind: moderated, rejected, task_error, lost ...
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
