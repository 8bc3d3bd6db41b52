using System.Linq;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Scoring;
using FluxBatch.Manifest.Templates;

namespace FluxBatch.Manifest.Rules;

/// <summary>
/// <c>score:</c> must leave the text score something to read: a <c>score.text</c> that renders at least one line,
/// or quoted text in the prompt. (Names and syntax of <c>score.text</c> are checked with the other templates.)
/// </summary>
internal static class ScoreRule
{
    /// <summary>How messages name the expected-text template.</summary>
    public const string TextLabel = "score.text";

    public static void Check(RuleContext context)
    {
        var spec = context.Spec;
        if (spec.Score is not { Text: null } score)
        {
            return;
        }

        // Quotes reach the rendered prompt from its template text or from a var's value; a swept value holding
        // quotes is rare enough to be worth the warning's false alarm, which `score.text` silences.
        var quotes = PromptTemplate.StringLeaves(spec.Prompt).Any(leaf => ExpectedText.HasQuoteCharacter(leaf.Value))
            || spec.Vars.Any(v => v.Value is StringValue s && ExpectedText.HasQuoteCharacter(s.Value));
        if (!quotes)
        {
            context.Expect.Report(DiagnosticDescriptors.NothingToScoreAsText, score.Position);
        }
    }

    /// <summary>Called by the trial render with what <c>score.text</c> gave for the first job.</summary>
    public static void CheckRenderedText(RuleContext context, StringValue source, string rendered)
    {
        if (ExpectedText.FromScoreTemplate(rendered).Count == 0)
        {
            context.Expect.Report(DiagnosticDescriptors.ScoreTextRendersEmpty, source.Position);
        }
    }
}
