using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace FluxBatch.Snapshots;

/// <summary>
/// A verified snapshot file and its received twin, as Verify keeps them: <c>X.verified.txt</c> committed,
/// <c>X.received.txt</c> written on a mismatch (git-ignored) and deleted once they agree. Files are UTF-8 without
/// BOM with LF endings; the comparison ignores CR, so a checkout with CRLF still matches. Used by
/// <c>fluxbatch plan --check</c> (beside the manifest) and FluxBatch.Testing (beside the test).
/// </summary>
public sealed class SnapshotFile
{
    /// <summary>Set to <c>1</c> to accept differences instead of failing; ignored when <c>CI=true</c>.</summary>
    public const string AcceptVariable = "FLUXBATCH_ACCEPT";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <param name="verifiedPath">The committed file, <c>*.verified.txt</c>; its <c>.received.txt</c> twin sits beside it.</param>
    public SnapshotFile(string verifiedPath)
    {
        const string Verified = ".verified.txt";
        if (!verifiedPath.EndsWith(Verified, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A verified snapshot's name ends in {Verified}: {verifiedPath}", nameof(verifiedPath));
        }

        VerifiedPath = Path.GetFullPath(verifiedPath);
        ReceivedPath = VerifiedPath[..^Verified.Length] + ".received.txt";
    }

    public string VerifiedPath { get; }

    public string ReceivedPath { get; }

    /// <summary>
    /// True when <c>FLUXBATCH_ACCEPT=1</c> asks to accept differences, which is never honoured when <c>CI=true</c>:
    /// a CI run must fail on a changed plan, not silently bless it.
    /// </summary>
    public static bool AcceptRequested(Func<string, string?> environment) =>
        environment(AcceptVariable) == "1"
        && !string.Equals(environment("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes <paramref name="text"/> as the verified snapshot and removes a received one.</summary>
    public void Accept(string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(VerifiedPath)!);
        File.WriteAllText(VerifiedPath, Normalize(text), Utf8NoBom);
        File.Delete(ReceivedPath);
    }

    /// <summary>
    /// Compares <paramref name="text"/> with the verified file; on a difference writes the received file and returns
    /// what differs: the summary line (<c>+20 jobs, −16 jobs, 4 prompts changed, cost +$0.24</c>, or that no snapshot
    /// exists yet) and the report a user reads (where the files are, the summary, the diff, how to accept). Null when
    /// they agree.
    /// </summary>
    public (string Summary, string Report)? Check(string text) =>
        Compare(text) is { } mismatch ? (mismatch.Summary, mismatch.Report()) : null;

    internal SnapshotMismatch? Compare(string text)
    {
        text = Normalize(text);
        var verified = File.Exists(VerifiedPath) ? Normalize(File.ReadAllText(VerifiedPath)) : null;
        if (verified == text)
        {
            File.Delete(ReceivedPath);
            return null;
        }

        File.WriteAllText(ReceivedPath, text, Utf8NoBom);
        return verified is null
            ? new SnapshotMismatch(this, null, string.Empty)
            : new SnapshotMismatch(this, PlanSnapshotChange.Between(verified, text), Diff(verified, text));
    }

    /// <summary>Changed lines with two lines of context, <c>-</c> verified, <c>+</c> received; <c>...</c> between hunks.</summary>
    public static string Diff(string verified, string received)
    {
        var lines = InlineDiffBuilder.Diff(verified, received, ignoreWhiteSpace: false).Lines;
        var show = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type != ChangeType.Unchanged)
            {
                for (var j = Math.Max(0, i - 2); j <= Math.Min(lines.Count - 1, i + 2); j++)
                {
                    show[j] = true;
                }
            }
        }

        var builder = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!show[i])
            {
                if (i > 0 && show[i - 1])
                {
                    builder.Append("  ...\n");
                }

                continue;
            }

            var prefix = lines[i].Type switch
            {
                ChangeType.Inserted => "+ ",
                ChangeType.Deleted => "- ",
                _ => "  ",
            };
            builder.Append(prefix).Append(lines[i].Text).Append('\n');
        }

        return builder.ToString();
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}

/// <summary>
/// A snapshot that differs from its verified file (or has none yet): the summary, then the readable diff.
/// </summary>
internal sealed record SnapshotMismatch
{
    internal SnapshotMismatch(SnapshotFile file, PlanSnapshotChange? change, string diff)
    {
        File = file;
        Change = change;
        Diff = diff;
    }

    /// <summary>The snapshot files; <see cref="SnapshotFile.ReceivedPath"/> now holds the new text.</summary>
    public SnapshotFile File { get; }

    /// <summary>What changed (its summary is <see cref="Summary"/>); null when there is no verified file yet.</summary>
    internal PlanSnapshotChange? Change { get; }

    /// <summary>The line diff (<see cref="SnapshotFile.Diff"/>); empty when there is no verified file yet.</summary>
    public string Diff { get; }

    /// <summary>The summary line: <c>+20 jobs, −16 jobs, 4 prompts changed, cost +$0.24</c>, or that no snapshot exists yet.</summary>
    public string Summary => Change?.ToString() ?? "no verified snapshot yet: " + File.VerifiedPath;

    /// <summary>What a user reads: where the files are, the summary, the diff, and how to accept.</summary>
    public string Report() =>
        (Change is null ? Summary : $"plan differs from {File.VerifiedPath}\n{Summary}") + "\n" +
        $"received: {File.ReceivedPath}\n{Diff}" +
        $"accept with {SnapshotFile.AcceptVariable}=1 (never on CI), or copy the received file over the verified one\n";
}
