using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FluxBatch.Generator.Model;

/// <summary>
/// A place in a manifest, kept as plain values so models stay equatable and hold no Roslyn objects.
/// <paramref name="Line"/> and <paramref name="Column"/> are 1-based, as the manifest reader reports them;
/// the span is in characters from the start of the file and never crosses a line.
/// </summary>
internal readonly record struct LocationInfo(string Path, int Line, int Column, int SpanStart, int SpanLength)
{
    public Location ToLocation()
    {
        var start = new LinePosition(Line - 1, Column - 1);
        var end = new LinePosition(Line - 1, Column - 1 + SpanLength);
        return Location.Create(Path, new TextSpan(SpanStart, SpanLength), new LinePositionSpan(start, end));
    }

    /// <summary>
    /// Positions a 1-based line and column in <paramref name="text"/>; the span runs to the end of the
    /// line's content so an editor underlines the offending value, not a single character.
    /// </summary>
    public static LocationInfo At(string path, SourceText text, int line, int column)
    {
        if (text.Lines.Count == 0 || line < 1)
        {
            return new LocationInfo(path, 1, 1, 0, 0);
        }

        var textLine = text.Lines[System.Math.Min(line, text.Lines.Count) - 1];
        var lineText = textLine.ToString();
        var columnIndex = System.Math.Max(0, System.Math.Min(column - 1, lineText.Length));
        var contentEnd = lineText.TrimEnd().Length;
        var length = System.Math.Max(0, contentEnd - columnIndex);
        return new LocationInfo(path, textLine.LineNumber + 1, columnIndex + 1, textLine.Start + columnIndex, length);
    }
}
