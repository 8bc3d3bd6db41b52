using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FluxBatch.Gallery;

/// <summary>
/// Renders a <see cref="ContactSheet"/> as one self-contained HTML page: inline CSS, inline script, the jobs as
/// JSON in a <c>&lt;script type="application/json"&gt;</c> block. No server, no network: images are relative links
/// into the run folder. Escaping, by context: text and attributes written here go through
/// <see cref="WebUtility.HtmlEncode(string)"/>; the JSON is written with every <c>&lt;</c>, <c>&gt;</c> and
/// <c>&amp;</c> as a <c>\u00XX</c> escape, so no value can close the script element; the script puts values on
/// the page only as text.
/// </summary>
internal static class ContactSheetHtml
{
    public const string DataElementId = "sheet-data";

    private static readonly Lazy<string> Css = new(() => Asset("contact-sheet.css"));
    private static readonly Lazy<string> Script = new(() => Asset("contact-sheet.js"));

    public static string Render(ContactSheet sheet) =>
        Page(sheet.Title, "contact sheet", [CountsLine(sheet), .. sheet.Notes], DataJson(sheet));

    /// <summary>
    /// The same page as <see cref="Render(ContactSheet)"/>, written to <paramref name="output"/> as it is rendered: a
    /// sheet of 5,000 cells is a page of a few MB, which as strings (the JSON, the page, the encoded copy) made each
    /// rewrite of the live sheet leave about 25 MB on the large-object heap (docs/benchmarks.md, memory).
    /// </summary>
    internal static void Render(ContactSheet sheet, Stream output)
    {
        Write(output, Head(sheet.Title, "contact sheet", [CountsLine(sheet), .. sheet.Notes]));
        using (var json = JsonWriter(output))
        {
            json.WriteStartObject();
            WriteData(json, sheet);
            json.WriteEndObject();
        }
        Write(output, Tail());
    }

    /// <summary>
    /// The page around a data block: header, controls, the grid's place, the charts', the lightbox's, then the data and
    /// the script that draws everything from it. The sheet and the compare page share it (and its script).
    /// </summary>
    internal static string Page(string title, string kind, IReadOnlyList<string> headerLines, string dataJson) =>
        string.Concat(Head(title, kind, headerLines), dataJson, Tail());

    /// <summary>The page up to its data block (<see cref="Page"/>).</summary>
    private static string Head(string title, string kind, IReadOnlyList<string> headerLines)
    {
        var html = new StringBuilder(8192 + Css.Value.Length);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(title)).Append(" · ").Append(kind).Append("</title>\n")
            .Append("<style>\n").Append(Css.Value).Append("</style>\n</head>\n<body>\n<header>\n")
            .Append("<h1 id=\"sheet-title\">").Append(Encode(title)).Append("</h1>\n");
        for (var i = 0; i < headerLines.Count; i++)
            html.Append(i == 0 ? "<p id=\"sheet-counts\">" : "<p class=\"note\">").Append(Encode(headerLines[i])).Append("</p>\n");
        html.Append("</header>\n<div id=\"controls\">\n")
            .Append("<label>rows <select id=\"row-axis\"></select></label>\n")
            .Append("<label>columns <select id=\"col-axis\"></select></label>\n")
            .Append("<span id=\"filters\"></span>\n")
            .Append("<span id=\"score-controls\" hidden><label>order <select id=\"sort-by\"><option value=\"\">grid</option>")
            .Append("<option value=\"text\">by text fidelity</option><option value=\"sharp\">by sharpness</option><option value=\"colour\">by colourfulness</option></select></label>\n")
            .Append("<label>text fidelity \u2265 <input id=\"min-text\" type=\"number\" min=\"0\" max=\"1\" step=\"0.05\" value=\"0\"></label>\n")
            .Append("<button type=\"button\" id=\"pick-best\">Pick best per column</button></span>\n")
            .Append("<span class=\"picks\"><span id=\"pick-count\">0 picks</span> <button type=\"button\" id=\"export-picks\" disabled>Export picks</button></span>\n</div>\n")
            .Append("<details id=\"picks-box\" hidden><summary>Picks as YAML (for <code>defaults</code> or an <code>include</code> list)</summary><pre id=\"picks-yaml\"></pre></details>\n")
            .Append("<noscript><p>This page draws the grid with JavaScript; the images and their .json sidecars are in this folder.</p></noscript>\n")
            .Append("<section id=\"heatmap\" hidden></section>\n<main id=\"sheet\"></main>\n<section id=\"compare\" hidden></section>\n<section id=\"charts\" hidden></section>\n")
            .Append("<div id=\"lightbox\" hidden role=\"dialog\" aria-modal=\"true\" aria-label=\"image\"><div class=\"lightbox-body\">")
            .Append("<button type=\"button\" id=\"lightbox-close\" aria-label=\"close\">\u00d7</button><div id=\"lightbox-content\"></div>")
            .Append("<p class=\"hint\">\u2190 \u2192 along the columns, \u2191 \u2193 along the rows, Esc closes.</p></div></div>\n")
            .Append("<script type=\"application/json\" id=\"").Append(DataElementId).Append("\">");
        return html.ToString();
    }

    /// <summary>The page after its data block: the script that draws it.</summary>
    private static string Tail() => string.Concat("</script>\n<script>\n", Script.Value, "</script>\n</body>\n</html>\n");

    private static void Write(Stream output, string text) => output.Write(Encoding.UTF8.GetBytes(text));

    /// <summary>"12 jobs: 9 done · 1 failed · 2 not run": every status present, in a fixed order.</summary>
    internal static string CountsLine(ContactSheet sheet)
    {
        var parts = Enum.GetValues<SheetJobStatus>()
            .Select(s => (Status: s, Count: sheet.CountOf(s)))
            .Where(p => p.Count > 0)
            .Select(p => $"{p.Count:N0} {Label(p.Status)}");
        return $"{sheet.TotalJobs:N0} jobs: " + string.Join(" · ", parts);
    }

    /// <summary>The status as the page's <c>data-status</c> attribute writes it.</summary>
    public static string StatusKey(SheetJobStatus status) => status switch
    {
        SheetJobStatus.Done => "done",
        SheetJobStatus.Failed => "failed",
        SheetJobStatus.Moderated => "moderated",
        SheetJobStatus.InDoubt => "in-doubt",
        SheetJobStatus.Unfinished => "unfinished",
        SheetJobStatus.NotRun => "not-run",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status as a cell's label reads.</summary>
    public static string Label(SheetJobStatus status) => StatusKey(status).Replace('-', ' ');

    /// <summary>A path relative to the run folder as a relative URL: each segment percent-encoded (spaces, #, ?).</summary>
    public static string RelativeUrl(string relativePath) =>
        string.Join('/', relativePath.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));

    internal static string DataJson(ContactSheet sheet) => Json(json => WriteData(json, sheet));

    /// <summary>The sheet's data object's members; the writer is flushed to its stream every <see cref="FlushAt"/> bytes.</summary>
    private static void WriteData(Utf8JsonWriter json, ContactSheet sheet)
    {
        WriteHead(json, "sheet", sheet.RunKey, [sheet.Title], sheet.Refresh, sheet.RowAxis, sheet.ColumnAxis, sheet.Axes);
        var positions = Positions(sheet.Axes);
        json.WriteStartArray("items");
        foreach (var job in sheet.Jobs)
        {
            StartItem(json, job.Index, job.Id, job.Parameters, job.Seed, sheet.Axes, positions);
            WriteSide(json, job, "");
            EndItem(json);
            if (json.BytesPending >= FlushAt)
                json.Flush(); // otherwise the writer buffers the whole page
        }
        json.WriteEndArray();
    }

    /// <summary>Below the large-object heap's 85,000 bytes: the writer's buffer is reused, never a large object.</summary>
    private const int FlushAt = 32 * 1024;

    /// <summary>A JSON object written with every &lt; &gt; &amp; escaped (JavaScriptEncoder.Default): "&lt;/script&gt;" cannot appear.</summary>
    internal static string Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static Utf8JsonWriter JsonWriter(Stream output) => new(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default });

    /// <summary>What the script needs before the items: the mode, the picks' storage key, the runs' names, live or not, the axes.</summary>
    internal static void WriteHead(Utf8JsonWriter json, string mode, string key, IReadOnlyList<string> runs, TimeSpan? refresh,
        string? rows, string? columns, IReadOnlyList<SheetAxis> axes)
    {
        json.WriteString("mode", mode);
        json.WriteString("key", key);
        json.WriteStartArray("runs");
        foreach (var run in runs)
            json.WriteStringValue(run);
        json.WriteEndArray();
        if (refresh is { } every)
            json.WriteNumber("refresh", every.TotalSeconds);
        else
            json.WriteNull("refresh");
        json.WriteString("rows", rows);
        json.WriteString("columns", columns);
        json.WriteStartArray("axes");
        foreach (var axis in axes)
        {
            json.WriteStartObject();
            json.WriteString("name", axis.Name);
            json.WriteString("manifest", axis.ManifestKey);
            json.WriteStartArray("values");
            foreach (var value in axis.Values)
                json.WriteStringValue(value);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    internal static Dictionary<string, int>[] Positions(IReadOnlyList<SheetAxis> axes) =>
        axes.Select(a => a.Values.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal)).ToArray();

    /// <summary>Opens an item (one cell of the grid): its parameters, seed, and its value on each axis as an index.</summary>
    internal static void StartItem(Utf8JsonWriter json, long index, string id, IReadOnlyList<SheetParameter> parameters, long? seed,
        IReadOnlyList<SheetAxis> axes, IReadOnlyList<Dictionary<string, int>> positions)
    {
        json.WriteStartObject();
        json.WriteNumber("index", index);
        json.WriteString("id", id);
        if (seed is { } s)
            json.WriteString("seed", s.ToString(CultureInfo.InvariantCulture));
        else
            json.WriteNull("seed");
        WritePairs(json, "params", parameters);
        json.WriteStartArray("v");
        for (var a = 0; a < axes.Count; a++)
        {
            var text = parameters.FirstOrDefault(p => p.Name == axes[a].Name)?.Text ?? SheetAxis.Unset;
            json.WriteNumberValue(positions[a][text]);
        }
        json.WriteEndArray();
        json.WriteStartArray("sides");
    }

    internal static void EndItem(Utf8JsonWriter json)
    {
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>One run's job in an item. <paramref name="prefix"/> leads from the page's folder to the run folder ("" for the sheet).</summary>
    internal static void WriteSide(Utf8JsonWriter json, SheetJob? job, string prefix)
    {
        if (job is null)
        {
            json.WriteNullValue();
            return;
        }
        json.WriteStartObject();
        json.WriteString("id", job.Id);
        json.WriteNumber("index", job.Index);
        json.WriteString("status", StatusKey(job.Status));
        json.WriteString("label", Label(job.Status));
        json.WriteString("reason", job.Reason);
        json.WriteString("image", prefix + RelativeUrl(job.ImageFile));
        json.WriteString("sidecar", prefix + RelativeUrl(job.ImageFile + ".json"));
        json.WriteString("prompt", job.Prompt);
        WritePairs(json, "request", job.Request);
        json.WriteNumber("est", job.EstimatedUsd);
        if (job.CostUsd is { } cost)
            json.WriteNumber("cost", cost);
        else
            json.WriteNull("cost");
        json.WriteNumber("charged", job.ChargedUsd);
        if (job.Times.GenerationSeconds is { } seconds)
            json.WriteNumber("gen", Math.Round(seconds, 3));
        else
            json.WriteNull("gen");
        // Milliseconds since the epoch: the script places spending on the run's time line with plain numbers.
        if (job.Times.SubmittedAt is { } submitted)
            json.WriteNumber("submitted", submitted.ToUnixTimeMilliseconds());
        else
            json.WriteNull("submitted");
        json.WriteString("task", job.TaskId);
        WriteScores(json, job.Scores);
        json.WriteEndObject();
    }

    /// <summary>A side's scores, short-named like the rest of the side: text, worst, status, sharp, colour; or null.</summary>
    private static void WriteScores(Utf8JsonWriter json, SheetScores? scores)
    {
        if (scores is null)
        {
            json.WriteNull("scores");
            return;
        }
        json.WriteStartObject("scores");
        if (scores.TextFidelity is { } text)
            json.WriteNumber("text", text);
        else
            json.WriteNull("text");
        if (scores.TextFidelityWorst is { } worst)
            json.WriteNumber("worst", worst);
        else
            json.WriteNull("worst");
        json.WriteString("status", scores.TextStatus);
        json.WriteNumber("sharp", scores.Sharpness);
        json.WriteNumber("colour", scores.Colourfulness);
        json.WriteEndObject();
    }

    private static void WritePairs(Utf8JsonWriter json, string name, IReadOnlyList<SheetParameter> pairs)
    {
        json.WriteStartArray(name);
        foreach (var pair in pairs)
        {
            json.WriteStartArray();
            json.WriteStringValue(pair.Name);
            json.WriteStringValue(pair.Text);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Asset(string name)
    {
        using var stream = typeof(ContactSheetHtml).Assembly.GetManifestResourceStream("FluxBatch.Gallery." + name)
            ?? throw new InvalidOperationException($"embedded asset {name} is missing from {typeof(ContactSheetHtml).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
