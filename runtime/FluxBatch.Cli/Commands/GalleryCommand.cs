using System.ComponentModel;
using FluxBatch.Gallery;
using FluxBatch.Manifest;
using FluxBatch.Planning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FluxBatch.Cli.Commands;

/// <summary>
/// <c>fluxbatch gallery RUNDIR</c>: (re)writes the run folder's contact sheet, <c>index.html</c>. The manifest is
/// the one recorded in the folder's journal by the last sheet written there, or <c>--manifest</c>.
/// </summary>
internal sealed class GalleryCommand : AsyncCommand<GalleryCommand.Settings>
{
    public static void Register(IConfigurator config) =>
        config.AddCommand<GalleryCommand>("gallery")
            .WithDescription("Write the contact sheet (index.html) of a run folder: the sweep as a grid, every job labelled.")
            .WithExample("gallery", "examples/runs/poster-typography")
            .WithExample("gallery", "examples/runs/poster-typography", "--columns", "steps");

    internal sealed class Settings : RunFolderSettings
    {
        [CommandOption("--rows <AXIS>")]
        [Description("Axis the page opens with as rows (default: steps).")]
        public string? Rows { get; init; }

        [CommandOption("--columns <AXIS>")]
        [Description("Axis the page opens with as columns (default: guidance).")]
        public string? Columns { get; init; }

        [CommandOption("--max-jobs <N>")]
        [Description("Put at most this many jobs on the page.")]
        [DefaultValue(5000)]
        public int MaxJobs { get; init; } = 5000;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        if (!Directory.Exists(settings.RunDirectory))
            return Fail(console, $"{settings.RunDirectory}: no such run folder");
        if (settings.MaxJobs < 1)
            return Fail(console, "--max-jobs must be at least 1");

        var manifestPath = settings.Manifest ?? await RunReports.RecordedManifestAsync(settings.RunDirectory);
        if (manifestPath is null)
            return Fail(console, $"{settings.RunDirectory} records no manifest (it has no contact sheet yet): pass --manifest FILE");

        var read = ManifestReader.ReadFile(manifestPath);
        foreach (var diagnostic in read.Diagnostics)
            console.MarkupLineInterpolated($"[{(diagnostic.IsError ? "red" : "yellow")}]{diagnostic.ToString()}[/]");
        if (read.Manifest is null)
            return ExitCodes.InvalidInput;

        string page;
        try
        {
            var plan = Plan.Create(read.Manifest);
            var options = new ContactSheetOptions(settings.MaxJobs, settings.Rows, settings.Columns);
            page = await RunReports.WriteContactSheetAsync(settings.RunDirectory, plan, options, cancellationToken);
        }
        catch (FluxBatchException e) when (e.Diagnostic is not null)
        {
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return ExitCodes.InvalidInput;
        }

        ContactSheetLine(page);
        return 0;
    }

    /// <summary>
    /// The sheet at the end of <c>fluxbatch run</c>. The images are safe on disk by then, so a sheet that cannot be
    /// written is a warning, never a change of the run's exit code.
    /// </summary>
    /// <param name="writing">The sheet's write, when the caller started it already; null: written here.</param>
    public static async Task WriteAfterRunAsync(IAnsiConsole console, string runDirectory, Plan plan, Task<string>? writing = null)
    {
        try
        {
            var page = await (writing ?? RunReports.WriteContactSheetAsync(runDirectory, plan, cancellationToken: CancellationToken.None));
            ContactSheetLine(page);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FluxBatchException or Microsoft.Data.Sqlite.SqliteException)
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] the contact sheet could not be written: {e.Message}");
        }
    }

    /// <summary>Plain stdout, not the console: Spectre would wrap a long path at the terminal's width, breaking it for copy and click.</summary>
    private static void ContactSheetLine(string page) => Console.Out.WriteLine("Contact sheet: " + page);

    private static int Fail(IAnsiConsole console, string message)
    {
        console.MarkupLineInterpolated($"[red]error:[/] {message}");
        return ExitCodes.InvalidInput;
    }
}
