using FluxBatch.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("fluxbatch");
    // Each command registers itself in its own file under Commands/.
    EmulatorCommand.Register(config);
    ValidateCommand.Register(config);
    PlanCommand.Register(config);

    // A mistyped command line is invalid input (exit 2), reported in one line without a stack trace.
    config.SetExceptionHandler((exception, _) =>
    {
        Console.Error.WriteLine($"error: {exception.Message}");
        return ExitCodes.InvalidInput;
    });
});
return await app.RunAsync(args);
