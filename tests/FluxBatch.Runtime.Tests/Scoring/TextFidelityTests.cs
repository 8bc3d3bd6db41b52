using FluxBatch.Scoring;

namespace FluxBatch.Runtime.Tests.Scoring;

/// <summary>1 − CER against the best-matching stretch of the reading, with the documented normalisation.</summary>
public sealed class TextFidelityTests
{
    [Fact]
    public void The_exact_text_scores_one() =>
        Assert.Equal(1.0, TextFidelity.Score("LIVE AT THE ROUNDHOUSE", "LIVE AT THE ROUNDHOUSE"));

    [Fact]
    public void Case_and_whitespace_do_not_count()
    {
        Assert.Equal(1.0, TextFidelity.Score("Live at the Roundhouse", "LIVE  AT\nTHE\tROUNDHOUSE "));
        Assert.Equal("LIVE AT THE ROUNDHOUSE", TextFidelity.Normalise("  live \n at  the\r\nroundhouse  "));
    }

    [Fact]
    public void Ligatures_and_curly_quotes_are_their_plain_letters()
    {
        Assert.Equal("FIRE'S \"ON\"", TextFidelity.Normalise("\uFB01re\u2019s \u201Con\u201D"));
        Assert.Equal(1.0, TextFidelity.Score("Fire's", "\uFB01re\u2019s"));
    }

    [Fact]
    public void Each_wrong_character_costs_one_over_the_expected_length()
    {
        Assert.Equal(1 - 1.0 / 22, TextFidelity.Score("LIVE AT THE ROUNDHOUSE", "LUVE AT THE ROUNDHOUSE"), 12);
        Assert.Equal(1 - 2.0 / 22, TextFidelity.Score("LIVE AT THE ROUNDHOUSE", "LIVE AT THE ROUNDH0USF"), 12);
    }

    [Fact]
    public void Other_text_on_the_image_costs_nothing() =>
        Assert.Equal(1.0, TextFidelity.Score("LIVE AT THE ROUNDHOUSE", "NIGHT OWLS\n\nLIVE AT THE ROUNDHOUSE\nDOORS 8PM"));

    [Fact]
    public void Nothing_read_scores_zero_and_the_score_never_goes_below_zero()
    {
        Assert.Equal(0.0, TextFidelity.Score("LIVE AT THE ROUNDHOUSE", ""));
        Assert.Equal(0.0, TextFidelity.Score("ABC", "XYZ"));
        Assert.Equal(0.0, TextFidelity.Score("   ", "anything"));
    }

    [Theory]
    [InlineData("ABC", "XXABDXX", 1)]
    [InlineData("ABC", "ABC", 0)]
    [InlineData("ABC", "AXBC", 1)]
    [InlineData("ABC", "AC", 1)]
    [InlineData("ABC", "", 3)]
    [InlineData("", "ANY", 0)]
    public void The_distance_is_to_the_closest_substring(string pattern, string text, int distance) =>
        Assert.Equal(distance, TextFidelity.BestSubstringDistance(pattern, text));
}
