using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FluxBatch.Execution;
using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch.Gallery;

/// <summary>The formats of <c>fluxbatch export</c>.</summary>
internal enum ExportFormat
{
    /// <summary>Comma-separated, a header line, RFC 4180 quoting: for spreadsheets.</summary>
    Csv,
    /// <summary>One JSON object per line: for notebooks.</summary>
    Jsonl,
}

/// <summary>
/// A run folder as rows, one per planned job (so rows equal the plan's jobs, whatever ran): id, state, seed, every
/// parameter, cost, estimate, timings, image path and task id. The same reader as the contact sheet (<see cref="RunJobs"/>).
/// </summary>
internal static class RunExport
{
    private static readonly string[] Fixed =
    [
        "index", "id", "state", "reason", "seed", "model", "prompt", "estimated_usd", "cost_usd",
        "submitted_at", "ready_at", "finished_at", "generation_seconds", "image", "task_id",
        "text_fidelity", "text_fidelity_worst", "text_status", "sharpness", "colourfulness",
    ];

    /// <returns>The rows written (the plan's job count).</returns>
    internal static async Task<long> WriteAsync(string runDirectory, Plan plan, ExportFormat format, TextWriter output, CancellationToken cancellationToken = default)
    {
        var folder = new RunFolder(runDirectory);
        var summary = await RunContactSheet.ReadSummaryAsync(folder, cancellationToken).ConfigureAwait(false);
        // Every parameter name of the plan, in order of first appearance: the CSV's columns (include entries may add some).
        var names = plan.Jobs.SelectMany(j => PlannedJobView.Parameters(j, plan.SeedsPerCombination)).Select(p => p.Name).Distinct(StringComparer.Ordinal).ToArray();
        await using var journal = RunJournal.Open(folder.Root);
        var jobs = new RunJobs(folder.Root).Read(plan, journal, RunContactSheet.NotRunReason(summary));
        long rows = 0;
        if (format == ExportFormat.Csv)
            await output.WriteLineAsync(string.Join(',', Fixed.Concat(names.Select(n => Column(n))).Select(Csv))).ConfigureAwait(false);
        foreach (var job in jobs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = format == ExportFormat.Csv ? CsvRow(job, names) : JsonRow(job);
            await output.WriteLineAsync(line).ConfigureAwait(false);
            rows++;
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }

    /// <summary>A parameter named like a fixed column (a variable called <c>state</c>) is written as <c>param.state</c>.</summary>
    private static string Column(string name) => Fixed.Contains(name, StringComparer.Ordinal) ? "param." + name : name;

    private static IEnumerable<string?> FixedValues(SheetJob job) =>
    [
        Number(job.Index), job.Id, ContactSheetHtml.StatusKey(job.Status), job.Reason, job.Seed is { } s ? Number(s) : null,
        job.Request.FirstOrDefault(p => p.Name == "model")?.Text, job.Prompt, Number(job.EstimatedUsd), job.CostUsd is { } c ? Number(c) : null,
        Time(job.Times.SubmittedAt), Time(job.Times.ReadyAt), Time(job.Times.FinishedAt),
        job.Times.GenerationSeconds is { } g ? Number(Math.Round(g, 3)) : null, job.ImageFile, job.TaskId,
        Score(job.Scores?.TextFidelity), Score(job.Scores?.TextFidelityWorst), job.Scores?.TextStatus,
        Score(job.Scores?.Sharpness), Score(job.Scores?.Colourfulness),
    ];

    private static string? Score(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture);

    private static string CsvRow(SheetJob job, IReadOnlyList<string> names) =>
        string.Join(',', FixedValues(job).Concat(names.Select(n => job.Parameters.FirstOrDefault(p => p.Name == n)?.Text)).Select(Csv));

    private static string JsonRow(SheetJob job)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps prompts readable: a JSONL file is data for notebooks, never pasted into a page.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("index", job.Index);
            json.WriteString("id", job.Id);
            json.WriteString("state", ContactSheetHtml.StatusKey(job.Status));
            json.WriteString("reason", job.Reason);
            if (job.Seed is { } seed) json.WriteNumber("seed", seed); else json.WriteNull("seed");
            json.WriteStartObject("parameters");
            foreach (var parameter in job.Parameters)
                json.WriteString(parameter.Name, parameter.Text);
            json.WriteEndObject();
            json.WriteString("model", job.Request.FirstOrDefault(p => p.Name == "model")?.Text);
            json.WriteString("prompt", job.Prompt);
            json.WriteNumber("estimated_usd", job.EstimatedUsd);
            if (job.CostUsd is { } cost) json.WriteNumber("cost_usd", cost); else json.WriteNull("cost_usd");
            json.WriteString("submitted_at", Time(job.Times.SubmittedAt));
            json.WriteString("ready_at", Time(job.Times.ReadyAt));
            json.WriteString("finished_at", Time(job.Times.FinishedAt));
            if (job.Times.GenerationSeconds is { } g) json.WriteNumber("generation_seconds", Math.Round(g, 3)); else json.WriteNull("generation_seconds");
            json.WriteString("image", job.ImageFile);
            json.WriteString("task_id", job.TaskId);
            WriteScores(json, job.Scores);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The image's scores as an object (docs/scoring.md), or null until it is scored.</summary>
    private static void WriteScores(Utf8JsonWriter json, SheetScores? scores)
    {
        if (scores is null)
        {
            json.WriteNull("scores");
            return;
        }
        json.WriteStartObject("scores");
        if (scores.TextFidelity is { } text) json.WriteNumber("text_fidelity", text); else json.WriteNull("text_fidelity");
        if (scores.TextFidelityWorst is { } worst) json.WriteNumber("text_fidelity_worst", worst); else json.WriteNull("text_fidelity_worst");
        json.WriteString("text_status", scores.TextStatus);
        json.WriteNumber("sharpness", scores.Sharpness);
        json.WriteNumber("colourfulness", scores.Colourfulness);
        json.WriteEndObject();
    }

    /// <summary>
    /// RFC 4180 quoting; and text a spreadsheet would run as a formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c> first,
    /// not a number) gets a leading apostrophe, so a prompt cannot become a formula when the file is opened.
    /// </summary>
    internal static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (value[0] is '=' or '+' or '-' or '@' && !decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value != value.Trim()
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
    private static string? Time(DateTimeOffset? value) => value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
