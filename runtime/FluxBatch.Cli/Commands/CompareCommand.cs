using System.ComponentModel;
using FluxBatch.Gallery;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FluxBatch.Cli.Commands;

/// <summary>
/// <c>fluxbatch compare RUNDIR_A RUNDIR_B [--out DIR]</c>: a page with the two runs' images of the same cell side by
/// side (matched by the parameters both have and the seed), the same lightbox and picks, and a table of time and
/// cost per cell for both.
/// </summary>
internal sealed class CompareCommand : AsyncCommand<CompareCommand.Settings>
{
    public static void Register(IConfigurator config) =>
        config.AddCommand<CompareCommand>("compare")
            .WithDescription("Compare two run folders cell by cell: images side by side, time and cost for both.")
            .WithExample("compare", "runs/poster", "examples/runs/poster-typography");

    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUNDIR_A>")]
        [Description("The first run folder (left).")]
        public string RunA { get; init; } = "";

        [CommandArgument(1, "<RUNDIR_B>")]
        [Description("The second run folder (right).")]
        public string RunB { get; init; } = "";

        [CommandOption("--out <DIR>")]
        [Description("Folder of the compare page (default: compare-A-B beside run A).")]
        public string? Out { get; init; }

        [CommandOption("--rows <AXIS>")]
        [Description("Axis the compare page opens with as rows (default: steps).")]
        public string? Rows { get; init; }

        [CommandOption("--columns <AXIS>")]
        [Description("Axis the compare page opens with as columns (default: guidance).")]
        public string? Columns { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var a = await RunFolderPlan.OpenAsync(settings.RunA, null);
        if (a.Plan is not { } planA)
            return a.Fail(Console.Error);
        var b = await RunFolderPlan.OpenAsync(settings.RunB, null);
        if (b.Plan is not { } planB)
            return b.Fail(Console.Error);

        var output = settings.Out ?? DefaultOut(settings.RunA, settings.RunB);
        var page = await RunReports.WriteComparePageAsync(settings.RunA, planA, settings.RunB, planB, output,
            new ContactSheetOptions(RowAxis: settings.Rows, ColumnAxis: settings.Columns), cancellationToken);
        AnsiConsole.Console.MarkupLineInterpolated($"Compare page: [link]{page}[/]");
        return 0;
    }

    private static string DefaultOut(string runA, string runB)
    {
        var a = Path.GetFullPath(runA).TrimEnd(Path.DirectorySeparatorChar);
        var b = Path.GetFullPath(runB).TrimEnd(Path.DirectorySeparatorChar);
        return Path.Combine(Path.GetDirectoryName(a) ?? ".", $"compare-{Path.GetFileName(a)}-{Path.GetFileName(b)}");
    }
}
