using System.Text.RegularExpressions;
using FluxBatch.Manifest;
using FluxBatch.Manifest.Diagnostics;

namespace FluxBatch.Manifest.Tests;

/// <summary>
/// Runs every manifest of Corpus/invalid through the reader and compares with the file's own
/// <c># expect: ID at LINE:COL "fragment"</c> lines (format in Corpus/README.md).
/// </summary>
public sealed class CorpusTests
{
    private static readonly Regex ExpectLine = new("^# expect: (FLUX[0-9]{4}) at ([0-9]+):([0-9]+) \"(.*)\"$");

    private static string InvalidFolder => Path.Combine(AppContext.BaseDirectory, "Corpus", "invalid");

    public static TheoryData<string> InvalidManifests()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(InvalidFolder, "*.flux.yaml").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void Corpus_has_at_least_45_invalid_manifests() =>
        Assert.True(Directory.GetFiles(InvalidFolder, "*.flux.yaml").Length >= 45, $"only {Directory.GetFiles(InvalidFolder, "*.flux.yaml").Length} manifests");

    [Theory]
    [MemberData(nameof(InvalidManifests))]
    public void Invalid_manifest_reports_exactly_its_expected_diagnostics(string file)
    {
        var path = Path.Combine(InvalidFolder, file);
        var expectations = File.ReadLines(path)
            .TakeWhile(l => l.StartsWith("# expect:", StringComparison.Ordinal))
            .Select(l => ExpectLine.Match(l))
            .ToArray();
        Assert.NotEmpty(expectations);
        Assert.All(expectations, m => Assert.True(m.Success, "malformed expectation line: " + m.Value));

        var result = ManifestReader.ReadFile(path);

        var report = string.Join("\n", result.Diagnostics);
        Assert.Null(result.Manifest);
        var unmatched = result.Diagnostics.ToList();
        foreach (var expected in expectations)
        {
            var (id, line, column, fragment) = (expected.Groups[1].Value, int.Parse(expected.Groups[2].Value), int.Parse(expected.Groups[3].Value), expected.Groups[4].Value);
            var match = unmatched.FirstOrDefault(d => d.Id == id && d.Position.Line == line && d.Position.Column == column && d.Message.Contains(fragment, StringComparison.Ordinal));
            Assert.True(match is not null, $"expected {id} at {line}:{column} \"{fragment}\"; got:\n{report}");
            Assert.Equal(path, match.Position.Path);
            unmatched.Remove(match);
        }

        Assert.True(!unmatched.Any(d => d.IsError), $"unexpected errors:\n{string.Join("\n", unmatched.Where(d => d.IsError))}");
    }

    [Fact]
    public void Every_corpus_id_is_a_catalogued_descriptor()
    {
        var ids = Directory.GetFiles(InvalidFolder, "*.flux.yaml")
            .SelectMany(File.ReadLines)
            .Select(l => ExpectLine.Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Distinct();

        Assert.All(ids, id => Assert.NotNull(DiagnosticDescriptors.Find(id)));
    }
}
