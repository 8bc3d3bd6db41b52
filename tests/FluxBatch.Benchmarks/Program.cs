using BenchmarkDotNet.Running;
using FluxBatch.Benchmarks.Compare;
using FluxBatch.Benchmarks.Execution;

// Harness modes that BenchmarkDotNet cannot express (peak memory and CPU split of a whole run), then BenchmarkDotNet itself.
return args switch
{
    ["executor-run", ..] => await RunHarness.RunAsync(args),
    ["emulator-host", ..] => await EmulatorProcess.HostAsync(args),
    ["compare", ..] => await CliComparison.RunAsync(args),
    ["bare-client", ..] => await BareClient.RunAsync(args),
    ["coordinator", ..] => await FluxBatch.Benchmarks.Coordination.CoordinatorBenchmark.RunAsync(args),
    ["coordinator-child", ..] => await FluxBatch.Benchmarks.Coordination.CoordinatorBenchmark.ChildAsync(args),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
