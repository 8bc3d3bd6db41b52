using System.Diagnostics;
using System.Runtime.CompilerServices;
using FluxBatch.Planning;
using FluxBatch.Snapshots;

namespace FluxBatch.Testing;

/// <summary>
/// Snapshot tests of plans with Verify's conventions and no Verify dependency:
/// <c>await PlanSnapshots.VerifyAsync(PosterTypography.Plan());</c> compares the plan's snapshot text
/// (<see cref="Plan.ToSnapshotText"/>) with <c>{Class}.{Method}.verified.txt</c> beside the test's source file.
/// On a difference it writes <c>{Class}.{Method}.received.txt</c> and fails with the summary
/// (<c>+20 jobs, −16 jobs, cost +$0.24</c>) and a line diff. <c>FLUXBATCH_ACCEPT=1</c> accepts instead of failing,
/// except when <c>CI=true</c>.
/// </summary>
public static class PlanSnapshots
{
    /// <summary>
    /// Checks <paramref name="plan"/> against <c>{Class}.{Method}.verified.txt</c> in the folder of the calling source
    /// file. The class is the test method's class (the source file's name when it cannot be found).
    /// </summary>
    /// <exception cref="PlanSnapshotException">The plan differs from the verified file, or there is none yet.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Task VerifyAsync(Plan plan, [CallerFilePath] string sourceFile = "", [CallerMemberName] string method = "")
    {
        ArgumentNullException.ThrowIfNull(plan);
        var type = CallingClass(method) ?? Path.GetFileNameWithoutExtension(sourceFile);
        var folder = Path.GetDirectoryName(sourceFile);
        if (string.IsNullOrEmpty(folder) || !Path.IsPathRooted(sourceFile))
        {
            throw new ArgumentException("The caller's source file path is needed to place the snapshot beside it.", nameof(sourceFile));
        }

        return Verify(plan, new SnapshotFile(Path.Combine(folder, $"{type}.{method}.verified.txt")));
    }

    /// <summary>
    /// Checks <paramref name="plan"/> against its manifest's own snapshot, <c>{manifest}.plan.verified.txt</c> beside
    /// the manifest: the file <c>fluxbatch plan FILE --check</c> compares with. The generated test of each manifest
    /// calls this, so the CLI and the test suite hold one snapshot per manifest.
    /// </summary>
    public static Task VerifyManifestAsync(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var manifest = Path.GetFullPath(plan.Manifest.SourcePath);
        var name = Path.GetFileName(manifest);
        foreach (var extension in new[] { ".yaml", ".yml" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^extension.Length];
                break;
            }
        }

        return Verify(plan, new SnapshotFile(Path.Combine(Path.GetDirectoryName(manifest)!, name + ".plan.verified.txt")));
    }

    /// <summary>Compares, accepts when asked (never on CI), otherwise fails with the summary and the diff.</summary>
    internal static Task Verify(Plan plan, SnapshotFile file) => Verify(plan.ToSnapshotText(), file, Environment.GetEnvironmentVariable);

    internal static Task Verify(string text, SnapshotFile file, Func<string, string?> environment)
    {
        if (file.Check(text) is not { } mismatch)
        {
            return Task.CompletedTask;
        }

        if (SnapshotFile.AcceptRequested(environment))
        {
            file.Accept(text);
            return Task.CompletedTask;
        }

        return Task.FromException(new PlanSnapshotException(mismatch.Summary, mismatch.Report));
    }

    /// <summary>
    /// The class that declares the test method calling us. The nearest frames are searched for that method, its
    /// lambdas (<c>&lt;Method&gt;b__0</c>) or its async state machine (<c>&lt;Method&gt;d__0</c>), then compiler-made
    /// classes are climbed out of. Null when none is found (then the file name stands in).
    /// </summary>
    private static string? CallingClass(string method)
    {
        var generated = "<" + method + ">";
        foreach (var frame in new StackTrace(skipFrames: 2, fNeedFileInfo: false).GetFrames().Take(8))
        {
            var caller = frame.GetMethod();
            var type = caller?.DeclaringType;
            if (caller is null || type is null
                || !(caller.Name == method || caller.Name.StartsWith(generated, StringComparison.Ordinal) || type.Name.StartsWith(generated, StringComparison.Ordinal)))
            {
                continue;
            }

            while (type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) && type.DeclaringType is { } outer)
            {
                type = outer;
            }

            return type.Name;
        }

        return null;
    }
}

/// <summary>
/// A plan that differs from its verified snapshot: the message has the summary line, then the diff. A plain exception,
/// so the package depends on no test framework's version (xunit, NUnit and MSTest all report it as a failure).
/// </summary>
public sealed class PlanSnapshotException : Exception
{
    internal PlanSnapshotException(string summary, string report)
        : base(report) => Summary = summary;

    /// <summary>What changed, in one line: <c>+20 jobs, −16 jobs, 4 prompts changed, cost +$0.24</c> (the message has the files and the diff).</summary>
    public string Summary { get; }
}
