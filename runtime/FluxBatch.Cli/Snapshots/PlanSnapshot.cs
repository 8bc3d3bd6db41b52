using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace FluxBatch.Cli.Snapshots;

/// <summary>What a snapshot check found.</summary>
internal enum SnapshotOutcome
{
    /// <summary>The plan equals the verified file.</summary>
    Matches,
    /// <summary>It differs (or no verified file exists): <c>.received.txt</c> was written.</summary>
    Differs,
    /// <summary>The verified file was (re)written from the plan.</summary>
    Accepted,
}

/// <summary>
/// Plan snapshots beside the manifest, named as Verify names them: <c>poster.flux.yaml</c> is checked against
/// <c>poster.flux.plan.verified.txt</c> (the manifest's name without <c>.yaml</c>/<c>.yml</c>, then
/// <c>.plan.verified.txt</c>); a mismatch writes <c>poster.flux.plan.received.txt</c> (git-ignored).
/// Files are UTF-8 without BOM, LF endings; comparison ignores CR so a checkout with CRLF still matches.
/// </summary>
internal sealed class PlanSnapshot
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public PlanSnapshot(string manifestPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var name = Path.GetFileName(manifestPath);
        foreach (var extension in new[] { ".yaml", ".yml" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^extension.Length];
                break;
            }
        }

        VerifiedPath = Path.Combine(directory, name + ".plan.verified.txt");
        ReceivedPath = Path.Combine(directory, name + ".plan.received.txt");
    }

    public string VerifiedPath { get; }

    public string ReceivedPath { get; }

    /// <summary>
    /// True when <c>FLUXBATCH_ACCEPT=1</c> asks to accept differences, which is never honoured when <c>CI=true</c>:
    /// a CI run must fail on a changed plan, not silently bless it.
    /// </summary>
    public static bool AcceptRequestedByEnvironment(Func<string, string?> environment) =>
        environment("FLUXBATCH_ACCEPT") == "1"
        && !string.Equals(environment("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public SnapshotOutcome Accept(string planText)
    {
        File.WriteAllText(VerifiedPath, planText, Utf8NoBom);
        File.Delete(ReceivedPath);
        return SnapshotOutcome.Accepted;
    }

    /// <summary>Compares; on a difference writes the received file and returns the difference as text.</summary>
    public SnapshotOutcome Check(string planText, out string diff)
    {
        var verified = File.Exists(VerifiedPath) ? File.ReadAllText(VerifiedPath).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (verified == planText)
        {
            File.Delete(ReceivedPath);
            diff = string.Empty;
            return SnapshotOutcome.Matches;
        }

        File.WriteAllText(ReceivedPath, planText, Utf8NoBom);
        diff = verified is null ? $"no snapshot yet: {VerifiedPath}\n" : Diff(verified, planText);
        return SnapshotOutcome.Differs;
    }

    /// <summary>Changed lines with two lines of context, <c>-</c> verified, <c>+</c> received.</summary>
    internal static string Diff(string verified, string received)
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
}
