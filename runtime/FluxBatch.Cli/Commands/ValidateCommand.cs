using System.ComponentModel;
using Spectre.Console.Cli;

namespace FluxBatch.Cli.Commands;

/// <summary><c>fluxbatch validate FILE...</c>: every error of every file, compiler style; exit 2 if any.</summary>
internal sealed class ValidateCommand : Command<ValidateCommand.Settings>
{
    public static void Register(IConfigurator config) =>
        config.AddCommand<ValidateCommand>("validate")
            .WithDescription("Check manifests: every error of every file as file:line:col, exit 2 if any.")
            .WithExample("validate", "examples/poster-typography.flux.yaml");

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILES>")]
        [Description("One or more manifests to check (*.flux.yaml).")]
        public string[] Files { get; init; } = [];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var invalid = 0;
        foreach (var file in settings.Files)
        {
            if (ManifestInput.Read(file, Console.Error) is not { } manifest || !ManifestInput.OutputsAreValid(manifest, Console.Error))
            {
                invalid++;
            }
        }

        Console.Out.WriteLine(invalid == 0
            ? $"{settings.Files.Length} manifest(s) valid"
            : $"{invalid} of {settings.Files.Length} manifest(s) invalid");
        return invalid == 0 ? ExitCodes.Ok : ExitCodes.InvalidInput;
    }
}
