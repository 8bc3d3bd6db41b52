using System.Text.RegularExpressions;
using FluxBatch.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace FluxBatch.Generator.Tests;

/// <summary>
/// The manifest reader's invalid corpus, built as a user's project would build it: every <c># expect:</c> line
/// (format in tests/FluxBatch.Manifest.Tests/Corpus/README.md) is a compiler diagnostic with that id, at that line
/// and column of that file, and no preset is emitted.
/// </summary>
public sealed class CorpusTests
{
    private static readonly Regex ExpectLine = new("^# expect: (FLUX[0-9]{4}) at ([0-9]+):([0-9]+) \"(.*)\"$");

    public static TheoryData<string> InvalidManifests() => ManifestFiles.In(RepoPaths.InvalidCorpus);

    [Theory]
    [MemberData(nameof(InvalidManifests))]
    public void Invalid_manifest_fails_the_build_at_each_expected_line(string file)
    {
        var path = Path.Combine(RepoPaths.InvalidCorpus, file);
        var expectations = File.ReadLines(path)
            .TakeWhile(l => l.StartsWith("# expect:", StringComparison.Ordinal))
            .Select(l => ExpectLine.Match(l))
            .ToList();
        Assert.NotEmpty(expectations);

        var (_, result, _) = GeneratorHarness.Run([GeneratorHarness.ManifestFile(path), .. ReferenceImages()]);

        var unmatched = result.Diagnostics.ToList();
        var report = string.Join("\n", unmatched);
        foreach (var expected in expectations)
        {
            Assert.True(expected.Success, "malformed expectation line: " + expected.Value);
            var (id, line, column, fragment) = (expected.Groups[1].Value, int.Parse(expected.Groups[2].Value), int.Parse(expected.Groups[3].Value), expected.Groups[4].Value);
            var match = unmatched.FirstOrDefault(d =>
                d.Id == id
                && d.Location.GetLineSpan() is var span
                && span.Path == path
                && span.StartLinePosition.Line + 1 == line
                && span.StartLinePosition.Character + 1 == column
                && d.GetMessage().Contains(fragment, StringComparison.Ordinal));
            Assert.True(match is not null, $"expected {id} at {line}:{column} \"{fragment}\"; the build reported:\n{report}");
            unmatched.Remove(match);
        }
        Assert.DoesNotContain(unmatched, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(GeneratorHarness.Presets(result));
    }

    /// <summary>The corpus's reference images, listed as AdditionalFiles the way a project lists them.</summary>
    private static IEnumerable<AdditionalText> ReferenceImages() =>
        Directory.GetFiles(Path.Combine(RepoPaths.InvalidCorpus, "refs")).Select(p => GeneratorHarness.Manifest(p, ""));
}
