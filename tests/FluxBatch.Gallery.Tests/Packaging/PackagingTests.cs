using System.IO.Compression;
using System.Xml.Linq;
using FluxBatch.Gallery.Tests.Support;
using Xunit.Abstractions;

namespace FluxBatch.Gallery.Tests.Packaging;

/// <summary>
/// The packages as a user gets them: the tool installed from the local feed into a temporary tool path, and a
/// project outside the repository that consumes the packages (not project references). Slow by nature (it
/// packs and builds), so everything shares one pack.
/// </summary>
public sealed class PackagingTests(PackagedFluxBatch packages, ITestOutputHelper output) : IClassFixture<PackagedFluxBatch>
{
    [Fact]
    public void Runtime_package_depends_on_the_manifest_package_of_the_same_version()
    {
        using var package = ZipFile.OpenRead(packages.PackagePath("FluxBatch.Runtime"));

        Assert.Contains(package.Entries, e => e.FullName == "lib/net10.0/FluxBatch.Runtime.dll");
        Assert.Contains(("FluxBatch.Manifest", packages.Version), Dependencies(package));
    }

    [Fact]
    public async Task Tool_installs_from_the_local_package_and_runs()
    {
        output.WriteLine($"pack of {PackagedFluxBatch.PackedProjects.Length} projects: {packages.PackTime.TotalSeconds:0.0} s");
        var toolPath = Path.Combine(packages.Work, "tools");

        await packages.DotnetAsync(packages.Work, "tool", "install", "--tool-path", toolPath, "--add-source", packages.Feed,
            "--configfile", packages.NuGetConfig, "FluxBatch.Cli", "--version", packages.Version);
        var fluxbatch = Path.Combine(toolPath, "fluxbatch");

        var version = await ProcessRunner.RunAsync(fluxbatch, ["--version"], packages.Work, PackagedFluxBatch.StepTimeout);
        Assert.Equal(0, version.ExitCode);
        Assert.Equal(packages.Version, version.Output.Trim());
    }

    private static IReadOnlyList<(string Id, string Version)> Dependencies(ZipArchive package)
    {
        var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        return XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => ((string)e.Attribute("id")!, (string)e.Attribute("version")!)).ToArray();
    }
}
