using System.IO.Compression;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace FluxBatch.SchemaAndPackaging.Tests.Packaging;

/// <summary>
/// The packages as a user gets them: the tool installed from the local feed into a temporary tool path, and a
/// project outside the repository that consumes the packages (not project references). Slow by nature (it
/// packs and builds), so everything shares one pack.
/// </summary>
public sealed class PackagingTests(PackagedFluxBatch packages, ITestOutputHelper output) : IClassFixture<PackagedFluxBatch>
{
    [Fact]
    public void Generator_package_carries_its_dependencies_as_analyzers()
    {
        using var package = ZipFile.OpenRead(packages.PackagePath("FluxBatch.Generator"));
        var analyzers = package.Entries.Where(e => e.FullName.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal)).Select(e => e.Name).Order();

        Assert.Equal(["FluxBatch.Generator.dll", "FluxBatch.Manifest.dll", "Scriban.Signed.dll", "YamlDotNet.dll"], analyzers);
        Assert.DoesNotContain(package.Entries, e => e.FullName.StartsWith("lib/", StringComparison.Ordinal));
        Assert.Empty(Dependencies(package)); // everything it loads is inside it
    }

    [Fact]
    public void Runtime_package_depends_on_the_manifest_package_of_the_same_version()
    {
        using var package = ZipFile.OpenRead(packages.PackagePath("FluxBatch.Runtime"));

        Assert.Contains(package.Entries, e => e.FullName == "lib/net10.0/FluxBatch.Runtime.dll");
        Assert.Contains(("FluxBatch.Manifest", packages.Version), Dependencies(package));
    }

    [Fact]
    public void Tool_runs_with_the_measured_runtime_settings()
    {
        // Issue 14's memory and start-up figures (docs/benchmarks.md) depend on these: server GC or non-concurrent
        // workstation GC let gen0 grow to tens of MB (100,000 jobs: 162-214 MB against 141), ICU and System.Net.Quic
        // cost start-up time and resident memory.
        using var package = ZipFile.OpenRead(packages.PackagePath("FluxBatch.Cli.linux-x64"));
        var entry = package.Entries.Single(e => e.FullName == "tools/net10.0/linux-x64/fluxbatch.runtimeconfig.json");
        using var stream = entry.Open();
        using var json = System.Text.Json.JsonDocument.Parse(stream);
        var settings = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(settings.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(settings.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.True(settings.GetProperty("System.Globalization.Invariant").GetBoolean());
        Assert.False(settings.GetProperty("System.Net.SocketsHttpHandler.Http3Support").GetBoolean());
        Assert.False(settings.GetProperty("System.Runtime.TieredPGO").GetBoolean());
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

        var plan = await ProcessRunner.RunAsync(fluxbatch, ["plan", Repository.PathOf("examples", "poster-typography.flux.yaml")], packages.Work,
            PackagedFluxBatch.StepTimeout, new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["COLUMNS"] = "200" });
        Assert.True(plan.ExitCode == 0, plan.Output + plan.Errors);
        Assert.Contains("56", plan.Output, StringComparison.Ordinal); // the job count: 28 combinations x 2 seeds
    }

    [Fact]
    public async Task A_project_consuming_the_packages_builds_and_uses_a_preset()
    {
        var project = Directory.CreateDirectory(Path.Combine(packages.Work, "consumer")).FullName;
        await File.WriteAllTextAsync(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <!-- A generator that fails only warns (CS8785): make that fail the build. -->
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="FluxBatch.Runtime" Version="{packages.Version}" />
                <PackageReference Include="FluxBatch.Generator" Version="{packages.Version}" />
                <AdditionalFiles Include="*.flux.yaml" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "pack-check.flux.yaml"), """
            name: pack-check
            prompt: A lighthouse in a storm, {{ mood }}
            vars: { mood: calm }
            sweep:
              grid:
                steps: [12, 24]
                guidance: [3, 5, 7]
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), """
            using FluxBatch.Presets;

            var plan = PackCheck.Plan(new PackCheck.Variables { Mood = "stormy" });
            Console.WriteLine($"{PackCheck.Name} {plan.Count} {plan.Jobs.First().Prompt}");
            """);

        await packages.DotnetAsync(project, "restore", "--configfile", packages.NuGetConfig);
        var run = await packages.DotnetAsync(project, "run", "--no-restore");

        Assert.Equal("pack-check 6 A lighthouse in a storm, stormy", run.Output.Trim());
    }

    private static IReadOnlyList<(string Id, string Version)> Dependencies(ZipArchive package)
    {
        var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        return XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => ((string)e.Attribute("id")!, (string)e.Attribute("version")!)).ToArray();
    }
}
