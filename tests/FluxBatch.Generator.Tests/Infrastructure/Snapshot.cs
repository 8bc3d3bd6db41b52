using System.Runtime.CompilerServices;

namespace FluxBatch.Generator.Tests.Infrastructure;

/// <summary>
/// Verify-style snapshots: compares text with <c>{Class}.{Method}[_{Parameter}].verified.{ext}</c> beside the test
/// source. On a mismatch it writes <c>.received.{ext}</c> and fails; <c>FLUXBATCH_ACCEPT=1</c> overwrites the verified
/// file instead, except on CI (<c>CI=true</c>), where snapshots are never accepted. Texts are compared with LF endings.
/// </summary>
internal static class Snapshot
{
    public static void Verify(
        string actual,
        string? parameter = null,
        string extension = "txt",
        [CallerFilePath] string sourceFile = "",
        [CallerMemberName] string method = "")
    {
        var directory = Path.GetDirectoryName(sourceFile)!;
        var name = $"{Path.GetFileNameWithoutExtension(sourceFile)}.{method}{(parameter is null ? "" : "_" + parameter)}";
        var verifiedPath = Path.Combine(directory, $"{name}.verified.{extension}");
        var receivedPath = Path.Combine(directory, $"{name}.received.{extension}");
        var normalized = Normalize(actual);
        var expected = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;

        if (expected == normalized)
        {
            File.Delete(receivedPath);
            return;
        }
        if (MayAccept())
        {
            File.WriteAllText(verifiedPath, normalized);
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, normalized);
        Assert.Fail(expected is null
            ? $"No snapshot yet: review {receivedPath} and rename it to .verified.{extension} (or run with FLUXBATCH_ACCEPT=1)."
            : $"Snapshot differs: compare {receivedPath} with {verifiedPath} (FLUXBATCH_ACCEPT=1 accepts it).\n{FirstDifference(expected, normalized)}");
    }

    private static bool MayAccept() =>
        Environment.GetEnvironmentVariable("FLUXBATCH_ACCEPT") == "1"
        && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end>";
            var right = i < a.Length ? a[i] : "<end>";
            if (left != right)
            {
                return $"line {i + 1}:\n  verified: {left}\n  received: {right}";
            }
        }
        return "";
    }
}
