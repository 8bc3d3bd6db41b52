using FluxBatch.Manifest.Diagnostics;

namespace FluxBatch.Manifest.Model;

/// <summary>
/// <c>score:</c> in the manifest: score every image as it arrives during <c>run</c> (text fidelity, sharpness,
/// colourfulness; docs/scoring.md). <c>score: true</c> reads the prompt's quoted strings;
/// <c>score: { text: "{{ headline | string.upcase }}" }</c> gives the expected text as a template instead
/// (each non-empty line of its output is one string to find).
/// </summary>
/// <param name="Text">The <c>score.text</c> template, or null to use the prompt's quoted strings.</param>
/// <param name="Position">Where <c>score</c> is written (its key).</param>
public sealed record ScoreSpec(StringValue? Text, SourcePosition Position);
