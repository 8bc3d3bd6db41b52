using System.Text;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using static FluxBatch.Cli.Tests.Run.RunTestSupport;

namespace FluxBatch.Cli.Tests.Run;

public sealed class KeyLeakTests : IDisposable
{
    private const string Secret = "bfl-SECRET-key-4f1d2c3b4a5968778695a4b3";
    private readonly RunFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task The_key_appears_in_no_output_and_no_file_the_run_produces_even_on_error_paths()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            AcceptedKeys = [Secret],
            Faults = FaultRates.Parse(["poll.503=0.2", "download.drop=0.2", "submit.429=0.2"]),
            RetryAfter = TimeSpan.Zero,
        });
        var manifest = _fixture.WriteManifest(["cube", "vase [[task.content-moderated]]", "lamp [[submit.500-after]]", "chair [[task.error]]"]);
        var env = new Dictionary<string, string> { ["BFL_API_KEY"] = Secret };
        string[] run = ["run", manifest, "--provider", "bfl", "--base-url", emulator.BaseUrl.ToString(), "--poll-interval", "0.01"];

        var first = await CliProcess.RunAsync(_fixture.Folder, env, run);
        var second = await CliProcess.RunAsync(_fixture.Folder, env, run);
        var status = await CliProcess.RunAsync(_fixture.Folder, env, "status", _fixture.RunDir);

        Assert.True(emulator.Stats.Submissions > 0, first.Output); // the key was really used, and accepted
        Assert.Equal(0, emulator.Stats.DownloadsWithKey);
        foreach (var result in new[] { first, second, status })
            Assert.DoesNotContain(Secret, result.Output);
        var files = Directory.EnumerateFiles(_fixture.Folder, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("journal.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".png.json", StringComparison.Ordinal));
        var needle = Encoding.UTF8.GetBytes(Secret);
        foreach (var file in files)
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(needle) < 0, $"the key is in {file}");
    }
}
