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
public static class ContactSheetHtml
{
    public const string DataElementId = "sheet-data";

    private static readonly Lazy<string> Css = new(() => Asset("contact-sheet.css"));
    private static readonly Lazy<string> Script = new(() => Asset("contact-sheet.js"));

    public static string Render(ContactSheet sheet)
    {
        var html = new StringBuilder(4096 + (sheet.Jobs.Count * 400));
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(sheet.Title)).Append(" · contact sheet</title>\n")
            .Append("<style>\n").Append(Css.Value).Append("</style>\n</head>\n<body>\n<header>\n")
            .Append("<h1 id=\"sheet-title\">").Append(Encode(sheet.Title)).Append("</h1>\n")
            .Append("<p id=\"sheet-counts\">").Append(Encode(CountsLine(sheet))).Append("</p>\n");
        foreach (var note in sheet.Notes)
            html.Append("<p class=\"note\">").Append(Encode(note)).Append("</p>\n");
        html.Append("</header>\n<div id=\"controls\">\n")
            .Append("<label>rows <select id=\"row-axis\"></select></label>\n")
            .Append("<label>columns <select id=\"col-axis\"></select></label>\n")
            .Append("<span id=\"filters\"></span>\n</div>\n")
            .Append("<noscript><p>This page draws the grid with JavaScript; the images and their .json sidecars are in this folder.</p></noscript>\n")
            .Append("<main id=\"sheet\"></main>\n")
            .Append("<script type=\"application/json\" id=\"").Append(DataElementId).Append("\">")
            .Append(DataJson(sheet))
            .Append("</script>\n<script>\n").Append(Script.Value).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

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

    internal static string DataJson(ContactSheet sheet)
    {
        using var buffer = new MemoryStream();
        // JavaScriptEncoder.Default escapes < > & ' + and non-ASCII as \uXXXX: "</script>" cannot appear.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default }))
        {
            json.WriteStartObject();
            json.WriteString("rows", sheet.RowAxis);
            json.WriteString("columns", sheet.ColumnAxis);
            json.WriteStartArray("axes");
            foreach (var axis in sheet.Axes)
            {
                json.WriteStartObject();
                json.WriteString("name", axis.Name);
                json.WriteStartArray("values");
                foreach (var value in axis.Values)
                    json.WriteStringValue(value);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            var positions = sheet.Axes.Select(a => a.Values.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal)).ToArray();
            json.WriteStartArray("jobs");
            foreach (var job in sheet.Jobs)
                WriteJob(json, job, sheet.Axes, positions);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteJob(Utf8JsonWriter json, SheetJob job, IReadOnlyList<SheetAxis> axes, IReadOnlyList<Dictionary<string, int>> positions)
    {
        json.WriteStartObject();
        json.WriteNumber("index", job.Index);
        json.WriteString("id", job.Id);
        json.WriteString("status", StatusKey(job.Status));
        json.WriteString("label", Label(job.Status));
        json.WriteString("reason", job.Reason);
        json.WriteString("image", RelativeUrl(job.ImageFile));
        json.WriteString("sidecar", RelativeUrl(job.ImageFile + ".json"));
        WritePairs(json, "params", job.Parameters);
        WritePairs(json, "details", job.Details);
        // The job's value on each axis, as an index into that axis's values.
        json.WriteStartArray("v");
        for (var a = 0; a < axes.Count; a++)
        {
            var text = job.Parameters.FirstOrDefault(p => p.Name == axes[a].Name)?.Text ?? SheetAxis.Unset;
            json.WriteNumberValue(positions[a][text]);
        }
        json.WriteEndArray();
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
