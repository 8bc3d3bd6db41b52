using System.Text;
using System.Text.Json;
using FluxBatch.Api;
using FluxBatch.Outputs;
using FluxBatch.Runtime.Tests.Support;

namespace FluxBatch.Runtime.Tests.Outputs;

public sealed class JobOutputWriterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_sidecar_keeps_quotes_and_accents_of_the_prompt_as_typed_and_reads_back_the_same()
    {
        const string prompt = "a \"quoted\" café sign, l'été <b>";
        var planned = TestPlans.Job(7);
        var job = planned with { Request = planned.Request with { Prompt = prompt } };
        var writer = new JobOutputWriter(new RunFolder(_dir.Path), "m", SecretRedactor.None);
        var image = "png bytes"u8.ToArray();

        var sha = await writer.WriteAsync(new DownloadedJob(job, "emulator", "task-1", TaskStatuses.Ready, 0.03m, new JobTimings { Polls = 1 }), image, default);

        var path = Path.Combine(_dir.Path, job.OutputFile);
        Assert.Equal(image, File.ReadAllBytes(path));
        var text = File.ReadAllText(JobOutputWriter.SidecarPath(path), Encoding.UTF8);
        Assert.Contains("\"prompt\": \"a \\\"quoted\\\" café sign, l'été <b>\"", text);
        Assert.DoesNotContain("\\u00", text);
        var sidecar = JsonSerializer.Deserialize(text, OutputJsonContext.Default.ImageSidecar)!;
        Assert.Equal(prompt, sidecar.Prompt);
        Assert.Equal(sha, sidecar.Sha256);
        Assert.Equal(AtomicFile.Sha256Hex(image), sha);
    }
}
