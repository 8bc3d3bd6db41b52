using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace FluxBatch.Scoring;

/// <summary>
/// Reads an image's text with the Tesseract program (Debian's <c>tesseract-ocr</c> with <c>tesseract-ocr-eng</c>),
/// one bounded process per image: <c>tesseract IMAGE stdout -l eng --psm 3</c>. No NuGet wrapper is served that
/// works offline with the system's Tesseract 5 (the NuGet list has none), and a process is the smallest door: the
/// program's own image reading, its output on stdout, a timeout that kills it.
/// </summary>
/// <remarks>
/// Page segmentation mode 3 (Tesseract's default, fully automatic layout analysis). Mode 11 ("sparse text") was tried
/// first, for posters' scattered lettering, and read nothing at all on 8 of the 56 images of the README's poster sweep
/// on the emulator (clean lettering on a textured panel), where mode 3 read every one (measured 2026-12-01: mean text
/// fidelity at 50 steps 0.96 with mode 3, 0.40 with mode 11). Each process is limited to one
/// OpenMP thread (<c>OMP_THREAD_LIMIT=1</c>): the scorer runs one process per core, and Tesseract's own threads would
/// only compete with them.
/// </remarks>
internal sealed class TesseractOcr
{
    /// <summary>What to tell a user whose machine lacks the program or its English data.</summary>
    public const string InstallHint = "install it with `apt-get install tesseract-ocr tesseract-ocr-eng`";

    private const string Language = "eng";
    private const string PageSegmentation = "3";
    private readonly string _program;
    private readonly string _version;
    private readonly TimeSpan _timeout;

    private TesseractOcr(string program, string version, TimeSpan timeout)
    {
        _program = program;
        _version = version;
        _timeout = timeout;
        Description = $"tesseract {version} -l {Language} --psm {PageSegmentation}";
    }

    /// <summary>The engine and its settings, recorded with every score (a change of engine explains a change of score).</summary>
    public string Description { get; }

    /// <summary>
    /// Finds the program (<paramref name="program"/>: a path, or a name looked up on PATH; default <c>tesseract</c>)
    /// and checks it has English data. Returns the engine, or null with the reason in words.
    /// </summary>
    public static async Task<(TesseractOcr? Ocr, string? Unavailable)> ProbeAsync(string? program, TimeSpan timeout, CancellationToken cancellationToken)
    {
        program = string.IsNullOrWhiteSpace(program) ? "tesseract" : program;
        var version = await RunAsync(program, ["--version"], timeout, cancellationToken).ConfigureAwait(false);
        if (version.NotFound)
            return (null, $"Tesseract was not found ('{program}'): {InstallHint}; text fidelity is not scored, sharpness and colourfulness are");
        if (version.ExitCode != 0 && version.Stdout.Length == 0)
            return (null, $"'{program} --version' failed ({FirstLine(version.Stderr)}): {InstallHint}; text fidelity is not scored");
        var languages = await RunAsync(program, ["--list-langs"], timeout, cancellationToken).ConfigureAwait(false);
        if (!languages.Stdout.Split('\n').Any(line => line.Trim() == Language))
            return (null, $"Tesseract has no English data ('{Language}' is not in `{program} --list-langs`): install it with `apt-get install tesseract-ocr-eng`; text fidelity is not scored");
        var number = (version.Stdout.Length > 0 ? version.Stdout : version.Stderr).Split('\n')[0].Replace("tesseract", "", StringComparison.OrdinalIgnoreCase).Trim();
        return (new TesseractOcr(program, number, timeout), null);
    }

    /// <summary>The same engine with another limit per reading.</summary>
    internal TesseractOcr WithTimeout(TimeSpan timeout) => new(_program, _version, timeout);

    /// <summary>The text Tesseract reads in the image file, or a failure in words (the process failed or timed out).</summary>
    public async Task<(string? Text, string? Failure)> ReadAsync(string imagePath, CancellationToken cancellationToken)
    {
        var run = await RunAsync(_program, [imagePath, "stdout", "-l", Language, "--psm", PageSegmentation], _timeout, cancellationToken).ConfigureAwait(false);
        if (run.TimedOut)
            return (null, $"tesseract took longer than {_timeout.TotalSeconds:0} s and was stopped");
        if (run.NotFound)
            return (null, $"tesseract disappeared: {InstallHint}");
        if (run.ExitCode != 0)
            return (null, $"tesseract failed (exit {run.ExitCode}): {FirstLine(run.Stderr)}");
        return (run.Stdout, null);
    }

    private static string FirstLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "no message";

    private sealed record ProcessRun(int ExitCode, string Stdout, string Stderr, bool NotFound = false, bool TimedOut = false);

    private static async Task<ProcessRun> RunAsync(string program, string[] arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["OMP_THREAD_LIMIT"] = "1";

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or FileNotFoundException or DirectoryNotFoundException)
        {
            return new ProcessRun(-1, "", e.Message, NotFound: true);
        }
        process.StandardInput.Close();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return new ProcessRun(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // it exited in the meantime
            }
            cancellationToken.ThrowIfCancellationRequested();
            return new ProcessRun(-1, "", "", TimedOut: true);
        }
    }
}
