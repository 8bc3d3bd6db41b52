using System.Diagnostics;

namespace FluxBatch.Tests.Support;

/// <summary>
/// A real small file system for the storage tests: a tmpfs mounted on a folder, so a disk can fill or be read-only
/// for real. Mounting needs root (as in the project's CI container); where it is not allowed, <see cref="TryMount"/>
/// says so through <c>log</c> and returns null, and the test checks nothing. Linked from tests/Shared.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static SmallDisk? TryMount(string path, string options, Action<string> log, string testName)
    {
        Directory.CreateDirectory(path);
        if (Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", path))
            return new SmallDisk(path);
        log($"cannot mount a tmpfs here (not root?): {testName} checked nothing");
        return null;
    }

    public void Dispose() => Run("umount", Path);

    private static bool Run(string file, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
