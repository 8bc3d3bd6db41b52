using FluxBatch.Manifest;

namespace FluxBatch.Manifest.Tests;

/// <summary>Errors users can cause are values with a position, never exceptions: damaged manifests must still read.</summary>
public sealed class RobustnessTests
{
    private static readonly string[] Fragments = { ":", "- ", "[", "]", "{", "}", "{{", "}}", "*a", "&a ", "\n", "  ", "\"", "'", "|", "<<: ", "#", "0", "-1", "x" };

    public static TheoryData<string> ValidManifests()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus", "valid"), "*.flux.yaml").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidManifests))]
    public void Damaged_manifests_give_diagnostics_not_exceptions(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Corpus", "valid", file);
        var text = File.ReadAllText(path);
        var random = new Random(file.Length); // fixed seed per file: failures reproduce
        for (var i = 0; i < 150; i++)
        {
            var damaged = Damage(text, random);

            var result = ManifestReader.Read(path, damaged);

            Assert.Equal(result.Manifest is null, result.Diagnostics.Any(d => d.IsError));
            Assert.All(result.Diagnostics, d => Assert.True(d.Position.Line >= 1 && d.Position.Column >= 1, d.ToString()));
        }
    }

    private static string Damage(string text, Random random)
    {
        var position = random.Next(text.Length);
        return random.Next(3) switch
        {
            0 => text.Substring(0, position),
            1 => text.Remove(position, Math.Min(random.Next(1, 6), text.Length - position)),
            _ => text.Insert(position, Fragments[random.Next(Fragments.Length)]),
        };
    }
}
