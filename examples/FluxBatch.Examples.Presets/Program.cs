using FluxBatch;
using FluxBatch.Api;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Execution;
using FluxBatch.Presets;

// examples/poster-typography.flux.yaml, as a type. The prompt's variables are properties, so an override is
// checked by the compiler; a mistake in the YAML fails this project's build at the YAML's line.
// Usage: dotnet run --project examples/FluxBatch.Examples.Presets -- [WORK_DIR]
var workDirectory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "fluxbatch-presets-example");
var variables = new PosterTypography.Variables { Band = "The Quiet Ones", Palette = "cool" };

var plan = PosterTypography.Plan(variables, workDirectory);
Console.WriteLine($"{PosterTypography.Name} on {PosterTypography.Model}: {plan.Count} jobs " +
    $"({PosterTypography.Sweep.Font.Count} fonts x {PosterTypography.Sweep.Steps.Count} step counts x {PosterTypography.Sweep.Guidance.Count} guidance values, " +
    $"less excluded, x {plan.SeedsPerCombination} seeds), estimated ${plan.TotalEstimateUsd:0.00}");
Console.WriteLine($"first prompt: {plan.Jobs.First().Prompt.ReplaceLineEndings(" ").Trim()}");

// No API key here: run the sweep on the local emulator (synthetic images, nothing billed).
await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
var provider = IFluxProvider.Emulator(emulator.BaseUrl);
using var disposeProvider = provider as IDisposable;

var report = await PosterTypography.RunAsync(provider, variables, workDirectory);
Console.WriteLine($"{report.Outcome}: {report.Downloaded + report.AlreadyDone} of {report.TotalJobs} images, " +
    $"{report.Failed} failed, spent ${report.SpentUsd:0.00}, in {Path.Combine(workDirectory, "runs", PosterTypography.Name)}");
Console.WriteLine($"presets in this project: {string.Join(", ", FluxBatchPresets.All.Select(p => p.Type.Name))}");
return report.Outcome == RunOutcome.Completed ? 0 : 1;
