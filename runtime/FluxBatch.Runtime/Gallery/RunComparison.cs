using System.Globalization;
using FluxBatch.Planning;

namespace FluxBatch.Gallery;

/// <summary>One cell of a comparison: a job of run A and the job of run B made with the same parameters and seed (either may be missing).</summary>
/// <param name="Parameters">A's parameters when A has the cell, else B's: they place the cell on the grid.</param>
internal sealed record ComparedCell(IReadOnlyList<SheetParameter> Parameters, long? Seed, SheetJob? A, SheetJob? B)
{
    public string Id => (A?.Id ?? "-") + "|" + (B?.Id ?? "-");
}

/// <summary>
/// Two runs side by side (<c>fluxbatch compare</c>): flex against pro, or a prompt before and after a change. Jobs
/// are matched by the parameters both runs have, and by seed: the parameters only one run has (steps and guidance,
/// which pro does not take) do not keep a pair apart, so one pro image may sit beside several flex cells.
/// </summary>
internal sealed record RunComparison(string TitleA, string TitleB, string Key, IReadOnlyList<ComparedCell> Cells, IReadOnlyList<SheetAxis> Axes, string? RowAxis, string? ColumnAxis)
{
    public string Title => TitleA == TitleB ? TitleA + " (two runs)" : TitleA + " vs " + TitleB;

    public static RunComparison Match(ContactSheet a, ContactSheet b, ContactSheetOptions? options = null)
    {
        options ??= new ContactSheetOptions();
        var common = Names(a).Intersect(Names(b), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        string KeyOf(SheetJob job) =>
            string.Join("\u0001", common.Select(n => n + "=" + (job.Parameters.FirstOrDefault(p => p.Name == n)?.Text ?? SheetAxis.Unset)))
            + "\u0001seed=" + job.Seed?.ToString(CultureInfo.InvariantCulture);

        var fromB = new Dictionary<string, SheetJob>(StringComparer.Ordinal);
        foreach (var job in b.Jobs)
            fromB.TryAdd(KeyOf(job), job);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var cells = new List<ComparedCell>();
        foreach (var job in a.Jobs)
        {
            var key = KeyOf(job);
            var partner = fromB.GetValueOrDefault(key);
            if (partner is not null)
                matched.Add(partner.Id);
            cells.Add(new ComparedCell(job.Parameters, job.Seed, job, partner));
        }
        cells.AddRange(b.Jobs.Where(j => !matched.Contains(j.Id)).Select(j => new ComparedCell(j.Parameters, j.Seed, null, j)));

        var axes = SheetAxis.Find(cells.Select(c => c.Parameters).ToArray());
        var (rows, columns) = ContactSheet.ChooseAxes(axes, options.RowAxis, options.ColumnAxis);
        return new RunComparison(a.Title, b.Title, "compare:" + a.RunKey + ":" + b.RunKey, cells, axes, rows, columns);
    }

    private static IEnumerable<string> Names(ContactSheet sheet) => sheet.Jobs.SelectMany(j => j.Parameters).Select(p => p.Name).Distinct(StringComparer.Ordinal);

    /// <summary>"12 cells: 10 side by side · 2 only in A": the counts under the title.</summary>
    public string CountsLine()
    {
        var both = Cells.Count(c => c.A is not null && c.B is not null);
        var onlyA = Cells.Count(c => c.B is null);
        var onlyB = Cells.Count(c => c.A is null);
        var parts = new List<string> { $"{both:N0} side by side" };
        if (onlyA > 0) parts.Add($"{onlyA:N0} only in A");
        if (onlyB > 0) parts.Add($"{onlyB:N0} only in B");
        return string.Create(CultureInfo.InvariantCulture, $"{Cells.Count:N0} cells: ") + string.Join(" · ", parts);
    }
}

/// <summary>Writes the compare page of two run folders: <c>index.html</c> in its own folder, images linked relatively from both runs.</summary>
internal static class ComparePage
{
    /// <returns>The page's full path.</returns>
    public static async Task<string> WriteAsync(string runA, Plan planA, string runB, Plan planB, string outDirectory,
        ContactSheetOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ContactSheetOptions();
        var a = await RunContactSheet.BuildAsync(new RunJobs(runA), planA, options, refresh: null, cancellationToken).ConfigureAwait(false);
        var b = await RunContactSheet.BuildAsync(new RunJobs(runB), planB, options, refresh: null, cancellationToken).ConfigureAwait(false);
        var comparison = RunComparison.Match(a, b, options);
        var output = Directory.CreateDirectory(outDirectory).FullName;
        string[] header =
        [
            comparison.CountsLine(),
            $"A: {a.Title}, {Path.GetFullPath(runA)}",
            $"B: {b.Title}, {Path.GetFullPath(runB)}",
        ];
        var html = ContactSheetHtml.Page(comparison.Title, "compare", header, DataJson(comparison, Prefix(output, runA), Prefix(output, runB)));
        return await ContactSheetWriter.WritePageAsync(output, html, cancellationToken).ConfigureAwait(false);
    }

    internal static string DataJson(RunComparison comparison, string prefixA, string prefixB) => ContactSheetHtml.Json(json =>
    {
        ContactSheetHtml.WriteHead(json, "compare", comparison.Key, [comparison.TitleA, comparison.TitleB], null,
            comparison.RowAxis, comparison.ColumnAxis, comparison.Axes);
        var positions = ContactSheetHtml.Positions(comparison.Axes);
        json.WriteStartArray("items");
        for (var i = 0; i < comparison.Cells.Count; i++)
        {
            var cell = comparison.Cells[i];
            ContactSheetHtml.StartItem(json, i, cell.Id, cell.Parameters, cell.Seed, comparison.Axes, positions);
            ContactSheetHtml.WriteSide(json, cell.A, prefixA);
            ContactSheetHtml.WriteSide(json, cell.B, prefixB);
            ContactSheetHtml.EndItem(json);
        }
        json.WriteEndArray();
    });

    /// <summary>The relative URL from the page's folder to a run folder, ending in '/'.</summary>
    private static string Prefix(string pageDirectory, string runDirectory) =>
        ContactSheetHtml.RelativeUrl(Path.GetRelativePath(pageDirectory, Path.GetFullPath(runDirectory))) + "/";
}
