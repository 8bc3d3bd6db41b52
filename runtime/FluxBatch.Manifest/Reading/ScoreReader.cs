using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Yaml;

namespace FluxBatch.Manifest.Reading;

/// <summary>
/// <c>score: true | false | { text: TEMPLATE }</c>. The template's names and trial render are checked with the
/// manifest's other templates (<see cref="Rules.TemplateRule"/>); what is left to score is checked by
/// <see cref="Rules.ScoreRule"/>.
/// </summary>
internal static class ScoreReader
{
    internal static readonly string[] Keys = { "text" };

    internal const string Expectation = "true, false, or a mapping `{ text: \"{{ headline }}\" }`";

    public static ScoreSpec? Read(MapEntry? entry, Expect expect)
    {
        switch (entry?.Value)
        {
            case null:
                return null;
            case BoolValue flag:
                return flag.Value ? new ScoreSpec(null, entry.KeyPosition) : null;
            case MapValue map:
                expect.OnlyKeys(map, "score", Keys);
                return new ScoreSpec(Text(Expect.GetEntry(map, "text"), expect), entry.KeyPosition);
            default:
                expect.WrongType("score", Expectation, entry.Value);
                return null;
        }
    }

    private static StringValue? Text(MapEntry? entry, Expect expect)
    {
        switch (entry?.Value)
        {
            case null:
                return null;
            case StringValue text when text.Value.Trim().Length > 0:
                return text;
            case StringValue or NullValue:
                expect.Report(DiagnosticDescriptors.EmptyValue, entry.KeyPosition, "score.text");
                return null;
            default:
                expect.WrongType("score.text", "text (a template; each line of its output is one string to find)", entry.Value);
                return null;
        }
    }
}
