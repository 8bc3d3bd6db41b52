using System.Text.Json;
using FluxBatch.Execution;
using FluxBatch.Manifest;
using FluxBatch.Outputs;
using FluxBatch.Planning;

namespace FluxBatch.Cli.Tests.Run;

/// <summary>A temporary folder with a manifest in it, and the checks every run test makes on what a run left.</summary>
public sealed class RunFixture : IDisposable
{
    public RunFixture() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "fluxbatch-cli-tests", Guid.NewGuid().ToString("N"));

    public string RunDir => Path.Combine(Folder, "out");

    /// <summary>The repository's <c>examples/</c> folder, found from the test binaries upwards.</summary>
    public static string ExamplesFolder() => Repository.PathOf("examples");

    /// <summary>Writes a small manifest: 64×64 PNGs, a grid over <paramref name="subjects"/> × two step values × seeds.</summary>
    public string WriteManifest(IEnumerable<string> subjects, int seeds = 2, int concurrency = 4, string name = "e2e", string? budget = "5")
    {
        var yaml = $$"""
            name: {{name}}
            model: flux-2-flex
            prompt: "A {{"{{"}} subject {{"}}"}} on a plain table"
            defaults:
              width: 64
              height: 64
              output_format: png
              prompt_upsampling: false
            sweep:
              grid:
                subject: [{{string.Join(", ", subjects.Select(s => "\"" + s + "\""))}}]
                steps: [4, 8]
            seeds: { base: 11, count: {{seeds}} }
            {{(budget is null ? "" : $"budget: {{ max_usd: {budget} }}")}}
            concurrency: {{concurrency}}
            output:
              dir: out
              file: "{{"{{"}} subject | string.handleize {{"}}"}}/s{{"{{"}} steps {{"}}"}}-{{"{{"}} seed {{"}}"}}.png"
            """;
        var path = Path.Combine(Folder, name + ".flux.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public static IReadOnlyList<PlannedJob> Plan(string manifestPath)
    {
        var read = ManifestReader.ReadFile(manifestPath);
        Assert.True(read.Manifest is not null, string.Join("\n", read.Diagnostics));
        return FluxBatch.Planning.Plan.Create(read.Manifest! with { Budget = null }).Jobs.ToList();
    }

    /// <summary>Every planned job has its image and a sidecar that names it; returns how many.</summary>
    public void AssertImagesMatchPlan(IEnumerable<PlannedJob> jobs)
    {
        foreach (var job in jobs)
        {
            var image = Path.Combine(RunDir, job.OutputFile);
            Assert.True(File.Exists(image), $"missing {job.OutputFile}");
            var sidecar = JsonSerializer.Deserialize(File.ReadAllBytes(image + ".json"), OutputJsonContext.Default.ImageSidecar)!;
            Assert.Equal(job.Id, sidecar.JobId);
            Assert.Equal(job.Request.Seed, sidecar.Seed);
            Assert.Equal(job.Request.Prompt, sidecar.Prompt);
            Assert.Equal(AtomicFile.Sha256Hex(File.ReadAllBytes(image)), sidecar.Sha256);
            byte[] magic = job.OutputFile.EndsWith(".png", StringComparison.Ordinal) ? [0x89, (byte)'P', (byte)'N', (byte)'G'] : [0xFF, 0xD8];
            Assert.Equal(magic, File.ReadAllBytes(image)[..magic.Length]);
        }
    }

    public async Task<IReadOnlyDictionary<JobState, long>> JournalCountsAsync()
    {
        await using var journal = RunJournal.Open(RunDir);
        return journal.CountByState();
    }

    public RunReport Summary() =>
        JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(RunDir, RunFolder.RunSummaryFile)), OutputJsonContext.Default.RunReport)!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
