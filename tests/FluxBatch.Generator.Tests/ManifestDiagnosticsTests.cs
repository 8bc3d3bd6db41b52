using FluxBatch.Generator.Tests.Infrastructure;
using FluxBatch.Manifest;
using DiagnosticDescriptors = FluxBatch.Manifest.Diagnostics.DiagnosticDescriptors;
using Microsoft.CodeAnalysis;

namespace FluxBatch.Generator.Tests;

/// <summary>
/// Manifest mistakes fail the build at the YAML's own line and column, with the id and the very message the CLI
/// prints (both come from ManifestReader and the shared catalogue).
/// </summary>
public sealed class ManifestDiagnosticsTests
{
    private const string Path = "/m/typo.flux.yaml";

    private const string Typo = """
        name: typo
        prompt: A lighthouse in {{ style }}
        vars:
          style: watercolour
        defaults:
          guidanse: 3.5
        """;

    [Fact]
    public void A_manifest_error_is_a_compiler_error_with_the_readers_id_message_and_position()
    {
        var expected = Assert.Single(ManifestReader.Read(Path, Typo).Diagnostics);

        var (_, result, _) = GeneratorHarness.Run([GeneratorHarness.Manifest(Path, Typo)]);

        var actual = Assert.Single(result.Diagnostics);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Message, actual.GetMessage());
        Assert.Equal(DiagnosticSeverity.Error, actual.Severity);
        var span = actual.Location.GetLineSpan();
        Assert.Equal(Path, span.Path);
        Assert.Equal((expected.Position.Line, expected.Position.Column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.Empty(GeneratorHarness.Presets(result));
    }

    [Fact]
    public void The_roslyn_descriptor_is_the_shared_catalogue_entry()
    {
        var (_, result, _) = GeneratorHarness.Run([GeneratorHarness.Manifest(Path, Typo)]);

        var descriptor = Assert.Single(result.Diagnostics).Descriptor;
        var shared = DiagnosticDescriptors.Find(descriptor.Id)!;
        Assert.Equal(shared.Title, descriptor.Title.ToString());
        Assert.Equal(shared.MessageFormat, descriptor.MessageFormat.ToString());
        Assert.Equal(shared.Help, descriptor.Description.ToString());
    }

    [Fact]
    public void A_template_naming_an_unknown_variable_points_at_the_template_line()
    {
        const string yaml = """
            name: unknown-var
            prompt: |
              A lighthouse in {{ style }},
              seen from {{ vantage_point }}
            vars:
              style: watercolour
            """;
        var expected = ManifestReader.Read(Path, yaml).Diagnostics.Where(d => d.IsError).ToList();

        var (_, result, _) = GeneratorHarness.Run([GeneratorHarness.Manifest(Path, yaml)]);

        Assert.NotEmpty(expected);
        Assert.Equal(
            expected.Select(d => (d.Id, d.Position.Line, d.Message)),
            result.Diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.GetMessage())));
        Assert.StartsWith("FLUX2", expected[0].Id);
        Assert.Equal(4, expected[0].Position.Line);
    }

    [Fact]
    public void A_build_output_line_reads_like_the_cli()
    {
        var (_, result, _) = GeneratorHarness.Run([GeneratorHarness.Manifest(Path, Typo)]);

        Snapshot.Verify(string.Join("\n", result.Diagnostics.Select(d => d.ToString())));
    }
}
