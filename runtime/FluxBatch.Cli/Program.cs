using FluxBatch.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("fluxbatch");
    config.UseStrictParsing();
    // `fluxbatch --version`: the package version, without the source revision the SDK appends after '+'.
    config.SetApplicationVersion(
        (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(Program).Assembly)
            ?.InformationalVersion ?? "0.0.0").Split('+')[0]);
    // Each command registers itself in its own file under Commands/.
    EmulatorCommand.Register(config);
    ValidateCommand.Register(config);
    PlanCommand.Register(config);
    RunCommand.Register(config);
    StatusCommand.Register(config);
    SchemaCommand.Register(config);
    GalleryCommand.Register(config);
    ScoreCommand.Register(config);
    ExportCommand.Register(config);
    CompareCommand.Register(config);
    MergeCommand.Register(config);

    // No stack traces for users: a mistyped command line is invalid input (exit 2), Ctrl-C is 130, and
    // anything else a command let escape is reported in one line as a failure (exit 1).
    // Strict parsing: an unknown option or a stray argument is refused before any command runs (exit 2), with a
    // did-you-mean, so `run FILE --dry-rn` never runs the batch for real.
    config.SetExceptionHandler((exception, _) =>
    {
        Console.Error.WriteLine("error: " + (exception is CommandAppException parse ? CommandLineErrors.Describe(parse, args) : exception.Message));
        return exception switch
        {
            CommandAppException => ExitCodes.InvalidInput,
            OperationCanceledException => ExitCodes.Interrupted,
            _ => ExitCodes.Failed,
        };
    });
});
return await app.RunAsync(args);
