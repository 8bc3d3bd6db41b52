using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using FluxBatch.Cli.Commands;
using Spectre.Console.Cli;

namespace FluxBatch.Cli.Tests;

public sealed partial class EmulatorCommandTests
{
    private const string Key = "cli-test-key-0123456789";

    [Theory]
    [InlineData("--latency", "200")]
    [InlineData("--fault", "poll.504=0.1")]
    [InlineData("--fault", "poll.503=1.5")]
    [InlineData("--key", "short")]
    [InlineData("--task-retention", "0")]
    [InlineData("--task-retention", "10")]
    public async Task Invalid_option_exits_with_2(string option, string value)
    {
        var app = new CommandApp();
        app.Configure(EmulatorCommand.Register);

        var exitCode = await app.RunAsync(["emulator", "--port", "0", option, value]);

        Assert.Equal(2, exitCode);
    }

    [Fact]
    public void Task_retention_is_read_as_a_duration_and_defaults_to_ten_minutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), EmulatorCommand.ToOptions(new EmulatorCommand.Settings()).TaskRetention);
        Assert.Equal(TimeSpan.FromSeconds(90), EmulatorCommand.ToOptions(new EmulatorCommand.Settings { TaskRetention = "1.5m" }).TaskRetention);
    }

    [Fact]
    public async Task Runs_in_the_foreground_prints_its_url_but_never_the_key_and_stops_on_sigint()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "fluxbatch.dll"), "emulator", "--port", "0", "--key", Key })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        try
        {
            var firstLine = await process.StandardOutput.ReadLineAsync() ?? "";
            output.AppendLine(firstLine);
            var url = UrlPattern().Match(firstLine).Value;
            Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal);

            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, url + "/v1/flux-2-flex")
            {
                Content = new StringContent("""{"prompt":"a fox","width":64,"height":64}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-key", Key);
            using var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode);

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            output.Append(await process.StandardOutput.ReadToEndAsync(timeout.Token));
            output.Append(await process.StandardError.ReadToEndAsync(timeout.Token));
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(0, process.ExitCode);
            Assert.Contains("Stopped: 1 submissions", output.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Key, output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex UrlPattern();
}
