using System.ComponentModel;
using System.Runtime.InteropServices;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FluxBatch.Cli.Commands;

/// <summary>
/// <c>fluxbatch emulator</c>: runs the local FLUX.2 API emulator in the foreground until Ctrl-C, printing its
/// base URL. Accepted keys are never printed.
/// </summary>
internal sealed class EmulatorCommand : AsyncCommand<EmulatorCommand.Settings>
{
    public static void Register(IConfigurator config) =>
        config.AddCommand<EmulatorCommand>("emulator")
            .WithDescription("Run a local emulator of the FLUX.2 API (127.0.0.1 only) until Ctrl-C.")
            .WithExample("emulator", "--port", "0", "--latency", "uniform:1s..3s", "--fault", "poll.503=0.1");

    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--port <PORT>")]
        [Description("TCP port on 127.0.0.1; 0 picks a free one.")]
        [DefaultValue(8787)]
        public int Port { get; init; } = 8787;

        [CommandOption("--latency <SPEC>")]
        [Description("Generation time per task: model (2s + 400ms x steps x MP, the default), model:BASE+PER_STEP, model/N (N times faster), or a fixed or random time: 200ms, uniform:100ms..300ms, normal:200ms,50ms, exp:200ms.")]
        [DefaultValue("model")]
        public string Latency { get; init; } = "model";

        [CommandOption("--fault <NAME=RATE>")]
        [Description("Inject a fault at a rate in [[0, 1]], e.g. poll.503=0.2 (repeatable; see docs/emulator.md).")]
        public string[] Faults { get; init; } = [];

        [CommandOption("--key <KEY>")]
        [Description("Accept only this x-key (repeatable). Without it any well-formed key is accepted.")]
        public string[] Keys { get; init; } = [];

        [CommandOption("--seed <SEED>")]
        [Description("Seed of every random draw (latencies, faults, task ids).")]
        [DefaultValue(0)]
        public int Seed { get; init; }

        [CommandOption("--sample-lifetime <DURATION>")]
        [Description("How long a sample URL stays valid.")]
        [DefaultValue("10m")]
        public string SampleLifetime { get; init; } = "10m";

        [CommandOption("--task-retention <DURATION>")]
        [Description("How long a finished task is remembered; then polls answer 'Task not found'.")]
        [DefaultValue("10m")]
        public string TaskRetention { get; init; } = "10m";

        [CommandOption("--strict-cluster")]
        [Description("Answer 'Task not found' on the global get_result path, to catch clients that rebuild polling URLs.")]
        public bool StrictCluster { get; init; }

        [CommandOption("--log")]
        [Description("Log every request to the console.")]
        public bool Log { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        EmulatorOptions options;
        try
        {
            options = ToOptions(settings);
            options.EnsureValid();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.InvalidInput;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Ctrl-C (SIGINT) and SIGTERM both stop the server cleanly instead of killing the process.
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => Stop(signal, stop));
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => Stop(signal, stop));
        await using var emulator = await EmulatorServer.StartAsync(options, stop.Token);
        AnsiConsole.MarkupLineInterpolated($"FluxBatch emulator listening on [bold]{emulator.BaseUrl.ToString().TrimEnd('/')}[/] (Ctrl-C to stop)");
        AnsiConsole.MarkupLineInterpolated($"  latency {options.Latency}; faults {(options.Faults.Rates.Count == 0 ? "none" : options.Faults.ToString())}; seed {options.Seed}");
        AnsiConsole.MarkupLineInterpolated($"  x-key: {(options.AcceptedKeys.Count == 0 ? "any well-formed key" : $"{options.AcceptedKeys.Count} configured key(s)")}");
        AnsiConsole.MarkupLineInterpolated($"  dialects: BFL /v1/{{model}} (x-key) and CometAPI {EmulatorServer.CometPrefix}/v1/{{model}} (Authorization: Bearer KEY or KEY)");
        await WaitUntilCancelledAsync(stop.Token);
        var stats = emulator.Stats;
        AnsiConsole.MarkupLineInterpolated(
            $"Stopped: {stats.Submissions} submissions, {stats.Polls} polls, {stats.Downloads} downloads, {stats.CreditsCharged} credits charged.");
        return 0;
    }

    private static void Stop(PosixSignalContext signal, CancellationTokenSource stop)
    {
        signal.Cancel = true;
        stop.Cancel();
    }

    internal static EmulatorOptions ToOptions(Settings settings) => new()
    {
        Port = settings.Port,
        Latency = LatencySpec.Parse(settings.Latency),
        Faults = FaultRates.Parse(settings.Faults),
        AcceptedKeys = settings.Keys,
        Seed = settings.Seed,
        SampleUrlLifetime = DurationText.Parse(settings.SampleLifetime),
        TaskRetention = DurationText.Parse(settings.TaskRetention),
        StrictCluster = settings.StrictCluster,
        ConsoleLogging = settings.Log,
    };

    private static async Task WaitUntilCancelledAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: the normal way to stop.
        }
    }
}
