using System.Text.Json;
using FluxBatch.Planning;

namespace FluxBatch.Cli.Rendering;

/// <summary>Plans for scripts: JSON lines (one job per line, nothing else) or one JSON document.</summary>
internal static class PlanJson
{
    public static void WriteLines(Stream stdout, Plan plan, string manifestDirectory, long limit)
    {
        using var output = new BufferedStream(stdout, 1 << 16);
        var json = new JobJson(manifestDirectory);
        foreach (var job in First(plan.Jobs, limit))
        {
            json.Write(output, job);
            output.WriteByte((byte)'\n');
        }
    }

    public static void WriteDocument(Stream stdout, Plan plan, string manifestDirectory, long limit)
    {
        using var output = new BufferedStream(stdout, 1 << 16);
        using (var header = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            header.WriteStartObject();
            header.WriteString("name", plan.Manifest.Name);
            header.WriteString("model", plan.Manifest.Model);
            header.WriteNumber("count", plan.Count);
            header.WriteNumber("combinations", plan.CombinationCount);
            header.WriteNumber("seeds_per_combination", plan.SeedsPerCombination);
            header.WriteNumber("total_estimate_usd", plan.TotalEstimateUsd);
            if (plan.Budget is { } budget)
            {
                header.WriteNumber("budget_usd", budget.MaxUsd);
            }
            else
            {
                header.WriteNull("budget_usd");
            }

            header.WriteString("run_folder", plan.RunDirectory);
            header.WritePropertyName("jobs");
            header.Flush();
        }

        // The jobs array is streamed by hand so a large plan is never held in memory.
        output.WriteByte((byte)'[');
        var json = new JobJson(manifestDirectory);
        var first = true;
        foreach (var job in First(plan.Jobs, limit))
        {
            if (!first)
            {
                output.WriteByte((byte)',');
            }

            json.Write(output, job);
            first = false;
        }

        output.Write("]}\n"u8);
    }

    /// <summary>The first <paramref name="limit"/> jobs (LINQ's Take stops at int.MaxValue).</summary>
    private static IEnumerable<PlannedJob> First(IEnumerable<PlannedJob> jobs, long limit)
    {
        if (limit <= 0)
        {
            yield break;
        }

        long taken = 0;
        foreach (var job in jobs)
        {
            yield return job;
            if (++taken == limit)
            {
                yield break;
            }
        }
    }
}
