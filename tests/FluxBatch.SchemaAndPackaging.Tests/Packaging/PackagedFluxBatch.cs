using System.Diagnostics;

namespace FluxBatch.SchemaAndPackaging.Tests.Packaging;

/// <summary>
/// Packs the CLI tool, the manifest, runtime and generator packages once, from a copy of the sources (so the
/// test's build folders and the solution's never meet), under a version no other run uses (so NuGet's package
/// cache cannot hand back an older build), into a local feed. A nuget.config lists that feed and nuget.org.
/// </summary>
public sealed class PackagedFluxBatch : IAsyncLifetime
{
    public static readonly string[] PackedProjects =
    [
        "runtime/FluxBatch.Manifest/FluxBatch.Manifest.csproj",
        "runtime/FluxBatch.Runtime/FluxBatch.Runtime.csproj",
        "generator/FluxBatch.Generator/FluxBatch.Generator.csproj",
        "runtime/FluxBatch.Cli/FluxBatch.Cli.csproj",
    ];

    public static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(8);

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fluxbatch-pack-");

    public string Version { get; } = "0.1.0-pack-" + Guid.NewGuid().ToString("N")[..12];

    public string Work => _work.FullName;

    public string Feed => Path.Combine(Work, "feed");

    public string NuGetConfig => Path.Combine(Work, "nuget.config");

    public TimeSpan PackTime { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        var sources = Path.Combine(Work, "src");
        foreach (var folder in new[] { "runtime", "generator" })
            CopySources(Repository.PathOf(folder), Path.Combine(sources, folder));
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig" })
        {
            if (File.Exists(Repository.PathOf(file)))
                File.Copy(Repository.PathOf(file), Path.Combine(sources, file));
        }
        Directory.CreateDirectory(Feed);
        await File.WriteAllTextAsync(NuGetConfig, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """);

        // One solution of just the packed projects: one restore and one build graph instead of one per project.
        var solution = Path.Combine(sources, "pack.slnx");
        await File.WriteAllTextAsync(solution,
            "<Solution>\n" + string.Concat(PackedProjects.Select(p => $"  <Project Path=\"{p}\" />\n")) + "</Solution>\n");
        await DotnetAsync(sources, "pack", solution, "-c", "Release", "-o", Feed, $"-p:Version={Version}", "--configfile", NuGetConfig);
        PackTime = clock.Elapsed;
    }

    public Task DisposeAsync()
    {
        _work.Delete(recursive: true);
        // Keep the shared package cache free of the test's one-off versions.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "fluxbatch.manifest", "fluxbatch.runtime", "fluxbatch.generator", "fluxbatch.cli" })
        {
            var folder = Path.Combine(cache, id, Version);
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        return Task.CompletedTask;
    }

    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    internal async Task<ProcessResult> DotnetAsync(string workingDirectory, params string[] arguments) =>
        (await ProcessRunner.RunAsync("dotnet", arguments, workingDirectory, StepTimeout)).EnsureSuccess("dotnet " + string.Join(' ', arguments));

    private static void CopySources(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Any(p => p is "bin" or "obj"))
                continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
