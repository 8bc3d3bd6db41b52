using System.ComponentModel;
using System.Globalization;
using FluxBatch.Manifest.Pricing;
using FluxBatch.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FluxBatch.Cli.Commands;

/// <summary>
/// <c>fluxbatch merge RUNDIR... --out DIR</c>: the folders of one plan's shards as one folder, with one contact sheet
/// and one export (docs/scaling.md). Exit 0 every job of the plan has its image, 1 some have none (failed, in doubt or
/// not run in any shard), 2 refused (different plans, not run folders; nothing written).
/// </summary>
internal sealed class MergeCommand : AsyncCommand<MergeCommand.Settings>
{
    public static void Register(IConfigurator config) =>
        config.AddCommand<MergeCommand>("merge")
            .WithDescription("Merge the run folders of one plan's shards into one folder: every image once, one contact sheet, one export.")
            // The shards' folders in practice (docs/scaling.md); here the folder `run --out runs/poster` leaves, so it runs as printed.
            .WithExample("merge", "runs/poster", "--out", "runs/poster-merged");

    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUNDIRS>")]
        [Description("The run folders to merge (the shards of one plan, in any order; the first holding a job's image wins).")]
        public string[] RunDirectories { get; init; } = [];

        [CommandOption("--out <DIR>")]
        [Description("The merged folder: new, or an earlier merge of the same plan.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out DIR is required: the merged folder") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var result = await RunReports.MergeAsync(settings.RunDirectories, settings.Out!, cancellationToken);
        if (result.Refused is { } refused)
        {
            Console.Error.WriteLine("error: " + refused);
            return ExitCodes.InvalidInput;
        }

        foreach (var conflict in result.Conflicts)
            Console.Error.WriteLine("warning: " + conflict);
        static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
        Console.Out.WriteLine($"merged {settings.RunDirectories.Length} folder(s) into {Path.GetFullPath(settings.Out!)}: "
            + $"{N(result.Copied + result.AlreadyThere)} of {N(result.TotalJobs)} jobs with their image ({N(result.Copied)} copied now"
            + (result.AlreadyThere > 0 ? $", {N(result.AlreadyThere)} there already" : "") + ")"
            + (result.Duplicates > 0 ? $", {N(result.Duplicates)} duplicate(s) skipped" : "")
            + (result.Conflicts.Count > 0 ? $", {N(result.Conflicts.Count)} differing duplicate(s): first kept" : "")
            + $"; spent across the folders {UsdText.Format(result.SpentUsd)}");
        if (result.WithoutImage > 0)
            Console.Out.WriteLine($"{N(result.WithoutImage)} job(s) of the plan have no image in any folder (failed, in doubt or not run): `fluxbatch status {settings.Out}` lists them");
        Console.Out.WriteLine("Contact sheet: " + result.ContactSheet);
        Console.Out.WriteLine("Export: " + result.Export);
        return result.WithoutImage > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }
}
