using System.ComponentModel;
using Spectre.Console.Cli;

namespace FluxBatch.Cli.Commands;

/// <summary>What every command on one finished (or running) run folder takes: the folder, and the manifest it ran.</summary>
internal abstract class RunFolderSettings : CommandSettings
{
    [CommandArgument(0, "<RUNDIR>")]
    [Description("The run folder (where run.json and journal.db are).")]
    public string RunDirectory { get; init; } = "";

    [CommandOption("--manifest <FILE>")]
    [Description("The manifest of the run; by default the one recorded in the run folder.")]
    public string? Manifest { get; init; }
}
