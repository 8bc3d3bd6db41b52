using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FluxBatch.Runtime.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> (Debian's package; .ci/run installs it) on 127.0.0.1 at a free port, with nothing saved
/// to disk. Tests that need it call <see cref="StartOrSkipAsync"/>: where it cannot start they are reported skipped
/// with the reason, not passed.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The coordinator address, optionally with a lease in seconds.</summary>
    public string Address(double? leaseSeconds = null) =>
        $"redis://127.0.0.1:{Port}" + (leaseSeconds is { } s ? "?lease=" + s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");

    public static async Task<RedisServer> StartOrSkipAsync()
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        Skip.If(executable is null, "redis-server is not installed (apt-get install redis-server; .ci/run does): the Redis coordinator tests cannot run");
        string? lastError = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            // redis-server takes no port 0: pick a free one and retry if another process takes it first.
            var port = FreePort();
            var start = new ProcessStartInfo(executable!)
            {
                ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var process = Process.Start(start)!;
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                if (await AnswersPingAsync(port))
                    return new RedisServer(process, port);
                await Task.Delay(20);
            }
            lastError = process.HasExited ? $"exited with {process.ExitCode}" : "did not answer within 10 s";
            if (!process.HasExited)
                process.Kill();
            process.Dispose();
        }
        Skip.If(true, $"redis-server could not start on 127.0.0.1 ({lastError}): the Redis coordinator tests cannot run");
        throw new InvalidOperationException("unreachable");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AnswersPingAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return read > 0 && buffer[0] == (byte)'+';
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
