using System.ComponentModel;
using System.Text;
using FluxBatch.Gallery;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FluxBatch.Cli.Commands;

/// <summary>
/// <c>fluxbatch export RUNDIR --format csv|jsonl</c>: the run folder as rows, one per planned job, on standard
/// output or into <c>--out FILE</c>, for spreadsheets and notebooks.
/// </summary>
internal sealed class ExportCommand : AsyncCommand<ExportCommand.Settings>
{
    public static void Register(IConfigurator config) =>
        config.AddCommand<ExportCommand>("export")
            .WithDescription("Export a run folder, one row per planned job (id, state, seed, parameters, cost, timings, image, task id).")
            .WithExample("export", "examples/runs/poster-typography", "--format", "csv");

    internal sealed class Settings : RunFolderSettings
    {
        [CommandOption("--format <FORMAT>")]
        [Description("csv or jsonl (default csv).")]
        [DefaultValue("csv")]
        public string Format { get; init; } = "csv";

        [CommandOption("--out <FILE>")]
        [Description("Write to this file instead of standard output.")]
        public string? Out { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!RunReports.ExportFormats.Contains(settings.Format.ToLowerInvariant()))
        {
            Console.Error.WriteLine($"error: --format must be {string.Join(" or ", RunReports.ExportFormats)}, not '{settings.Format}'");
            return ExitCodes.InvalidInput;
        }
        var opened = await RunFolderPlan.OpenAsync(settings.RunDirectory, settings.Manifest);
        if (opened.Plan is not { } plan)
            return opened.Fail(Console.Error);

        var target = settings.Out is { } path ? new StreamWriter(path, append: false, new UTF8Encoding(false)) : Console.Out;
        try
        {
            var rows = await RunReports.ExportAsync(settings.RunDirectory, plan, settings.Format, target, cancellationToken);
            if (settings.Out is not null)
                AnsiConsole.Console.MarkupLineInterpolated($"{rows:N0} rows written to [link]{Path.GetFullPath(settings.Out)}[/]");
        }
        finally
        {
            if (settings.Out is not null)
                await target.DisposeAsync();
        }
        return 0;
    }
}
