using System;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;

namespace FluxBatch.Manifest.Reading;

/// <summary>
/// Maps a position inside a template (0-based, Scriban's convention) to the manifest's line and column.
/// A literal block (<c>|</c>) keeps lines one to one: template line k is the k-th line after the block indicator,
/// shifted by the block's indentation. A single-line scalar shifts by its start column (plus the quote).
/// Folded (<c>&gt;</c>) and multi-line flow scalars join lines, so there the scalar's first content line is used.
/// </summary>
internal sealed class TemplateLocator
{
    private readonly string[] _lines;

    public TemplateLocator(string text) => _lines = text.Replace("\r\n", "\n").Split('\n');

    public SourcePosition Locate(StringValue scalar, int templateLine, int templateColumn)
    {
        var start = scalar.Position;
        var indicator = CharAt(start.Line, start.Column);
        if (indicator is '|' or '>')
        {
            var firstContentLine = start.Line + 1;
            var indent = Indentation(firstContentLine);
            return indicator == '|'
                ? start with { Line = firstContentLine + templateLine, Column = indent + templateColumn + 1 }
                : start with { Line = firstContentLine, Column = indent + 1 };
        }

        var quoted = indicator is '"' or '\'';
        if (templateLine == 0)
        {
            return start with { Column = start.Column + templateColumn + (quoted ? 1 : 0) };
        }

        return scalar.Value.IndexOf('\n') >= 0 ? start with { Line = start.Line + templateLine, Column = templateColumn + 1 } : start;
    }

    private char CharAt(int line, int column)
    {
        if (line < 1 || line > _lines.Length)
        {
            return '\0';
        }

        var text = _lines[line - 1];
        return column >= 1 && column <= text.Length ? text[column - 1] : '\0';
    }

    /// <summary>Indentation of the block: that of its first non-blank line (YAML's auto-detection).</summary>
    private int Indentation(int line)
    {
        for (var i = line; i <= _lines.Length; i++)
        {
            var text = _lines[i - 1];
            if (text.Trim().Length > 0)
            {
                return text.Length - text.TrimStart(' ').Length;
            }
        }

        return 0;
    }
}
