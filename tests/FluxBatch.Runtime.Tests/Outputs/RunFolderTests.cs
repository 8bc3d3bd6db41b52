using FluxBatch.Outputs;
using FluxBatch.Runtime.Tests.Support;

namespace FluxBatch.Runtime.Tests.Outputs;

public sealed class RunFolderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("a/b/c.png")]
    [InlineData("s12-g3.5-42.png")]
    public void Resolves_inside_the_folder(string relative) =>
        Assert.StartsWith(_dir.Path + Path.DirectorySeparatorChar, new RunFolder(_dir.Path).Resolve(relative));

    [Theory]
    [InlineData("../escape.png", "'..'")]
    [InlineData("a/../../escape.png", "'..'")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("", "empty")]
    [InlineData("run.json", "reserved")]
    [InlineData("journal.db", "reserved")]
    [InlineData("index.html", "reserved")]
    [InlineData("x.png.json", ".json")]
    public void Refuses_paths_that_leave_the_folder_or_clobber_its_files(string relative, string why)
    {
        var error = Assert.Throws<UnsafeOutputPathException>(() => new RunFolder(_dir.Path).Resolve(relative));
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void Refuses_to_write_through_a_symlinked_directory()
    {
        using var outside = new TempDir();
        Directory.CreateSymbolicLink(Path.Combine(_dir.Path, "link"), outside.Path);
        var error = Assert.Throws<UnsafeOutputPathException>(() => new RunFolder(_dir.Path).Resolve("link/x.png"));
        Assert.Contains("symbolic link", error.Message);
    }

    [Fact]
    public async Task Atomic_write_leaves_only_the_final_file()
    {
        var path = Path.Combine(_dir.Path, "sub", "x.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.Write(path, [1, 2, 3]);
        AtomicFile.Write(path, [4, 5]);
        Assert.Equal(new byte[] { 4, 5 }, File.ReadAllBytes(path));
        Assert.Equal(["x.png"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        Assert.Equal(AtomicFile.Sha256Hex(new byte[] { 4, 5 }), await AtomicFile.Sha256OfFileAsync(path, default));
    }
}
