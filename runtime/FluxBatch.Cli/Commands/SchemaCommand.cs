using FluxBatch.Manifest.Schema;
using Spectre.Console.Cli;

namespace FluxBatch.Cli.Commands;

/// <summary><c>fluxbatch schema</c>: prints the manifest's JSON Schema (the same text as docs/manifest.schema.json).</summary>
internal sealed class SchemaCommand : Command
{
    public static void Register(IConfigurator config) =>
        config.AddCommand<SchemaCommand>("schema")
            .WithDescription("Print the manifest's JSON Schema (for editors: # yaml-language-server: $schema=...).")
            .WithExample("schema");

    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        // Raw stdout, not Spectre markup: the output is meant for a file (fluxbatch schema > manifest.schema.json).
        Console.Out.Write(ManifestSchema.ToJson());
        return 0;
    }
}
