using FluxBatch.Manifest;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Scoring;

namespace FluxBatch.Manifest.Tests;

/// <summary><c>score:</c> in the manifest, and the rule for the text an image is expected to show.</summary>
public sealed class ScoreManifestTests
{
    private static ManifestReadResult Read(string yaml) => ManifestReader.Read("s.flux.yaml", yaml.ReplaceLineEndings("\n"));

    [Fact]
    public void Score_true_scores_the_prompts_quoted_text()
    {
        var result = Read("prompt: A poster reading \"OPEN LATE\"\nscore: true\n");

        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.Manifest!.Score);
        Assert.Null(result.Manifest.Score!.Text);
        Assert.Equal(2, result.Manifest.Score.Position.Line);
    }

    [Fact]
    public void Score_false_or_absent_scores_nothing_during_a_run()
    {
        Assert.Null(Read("prompt: A poster reading \"OPEN LATE\"\nscore: false\n").Manifest!.Score);
        Assert.Null(Read("prompt: A poster reading \"OPEN LATE\"\n").Manifest!.Score);
    }

    [Fact]
    public void Score_text_is_a_template_checked_with_the_others()
    {
        var result = Read("""
            prompt: A poster, headline "{{ headline }}"
            vars: { headline: Live at the Roundhouse }
            score:
              text: "{{ headline | string.upcase }}"
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("{{ headline | string.upcase }}", result.Manifest!.Score!.Text!.Value);
    }

    [Fact]
    public void Score_without_any_quoted_text_warns_that_text_fidelity_will_not_be_scored()
    {
        var result = Read("prompt: A poster for {{ band }}\nvars: { band: Night Owls }\nscore: true\n");

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal("FLUX2012", warning.Id);
        Assert.False(warning.IsError);
        Assert.Equal((3, 1), (warning.Position.Line, warning.Position.Column));
        Assert.NotNull(result.Manifest);
    }

    [Fact]
    public void Quotes_from_a_var_count_and_score_text_silences_the_warning()
    {
        Assert.Empty(Read("prompt: A poster, headline {{ h }}\nvars: { h: '\"OPEN\"' }\nscore: true\n").Diagnostics);
        Assert.Empty(Read("prompt: A poster for {{ band }}\nvars: { band: Owls }\nscore: { text: \"{{ band }}\" }\n").Diagnostics);
    }

    [Fact]
    public void An_empty_score_text_is_refused()
    {
        var result = Read("prompt: A poster reading \"OPEN\"\nscore: { text: \"  \" }\n");

        Assert.Null(result.Manifest);
        Assert.Equal(DiagnosticDescriptors.EmptyValue.Id, Assert.Single(result.Diagnostics).Id);
    }

    [Theory]
    [InlineData("A poster for \"Night Owls\", headline \"LIVE AT THE ROUNDHOUSE\"", new[] { "Night Owls", "LIVE AT THE ROUNDHOUSE" })]
    [InlineData("curly \u201COPEN LATE\u201D and straight \"OPEN LATE\"", new[] { "OPEN LATE" })]
    [InlineData("empty \"\" and \"  \" and never closed \"oops", new string[0])]
    [InlineData("no quotes at all", new string[0])]
    [InlineData("\" padded \"", new[] { "padded" })]
    public void Quoted_strings_are_the_expected_text(string prompt, string[] expected) =>
        Assert.Equal(expected, ExpectedText.Quoted(prompt));

    [Fact]
    public void Each_non_blank_line_of_score_text_is_one_expected_string() =>
        Assert.Equal(new[] { "NIGHT OWLS", "LIVE AT THE ROUNDHOUSE" }, ExpectedText.FromScoreTemplate("  NIGHT OWLS \n\n LIVE AT THE ROUNDHOUSE\n"));
}
