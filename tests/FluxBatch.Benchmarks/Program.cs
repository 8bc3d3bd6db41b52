using BenchmarkDotNet.Running;
using FluxBatch.Benchmarks.Execution;

// Harness modes that BenchmarkDotNet cannot express (peak memory of a whole run), then BenchmarkDotNet itself.
return args switch
{
    ["executor-memory", ..] => await MemoryHarness.RunAsync(args),
    ["emulator-host", ..] => await MemoryHarness.HostEmulatorAsync(args),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
