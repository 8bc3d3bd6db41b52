using FluxBatch.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("fluxbatch");
    // Each command registers itself in its own file under Commands/.
    EmulatorCommand.Register(config);
    RunCommand.Register(config);
    StatusCommand.Register(config);
});
return await app.RunAsync(args);
