using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluxBatch.Generator.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace FluxBatch.Generator.Parsing;

/// <summary>
/// What the manifest model does not keep but generated code wants: the comments (for XML docs) and where the
/// <c>name</c> value sits (for preset-level diagnostics). Read from YAML tokens only; no manifest rule lives here.
/// </summary>
internal sealed class ManifestLayout
{
    private readonly Dictionary<int, string> _inline = new();
    private readonly SortedDictionary<int, string> _fullLine = new();

    private ManifestLayout()
    {
    }

    /// <summary>Comment lines above the first key, without the editor's schema directive.</summary>
    public EquatableArray<string> Header { get; private set; } = EquatableArray<string>.Empty;

    /// <summary>1-based line and column of the <c>name</c> value, if the file has one at the top level.</summary>
    public (int Line, int Column)? NamePosition { get; private set; }

    public static ManifestLayout Read(string yaml)
    {
        var layout = new ManifestLayout();
        var scanner = new Scanner(new StringReader(yaml), skipComments: false);
        var firstContentLine = int.MaxValue;
        Token? previous = null;
        var expectNameValue = false;
        try
        {
            while (scanner.MoveNext())
            {
                var token = scanner.Current!;
                switch (token)
                {
                    case Comment comment when comment.IsInline:
                        layout._inline[(int)comment.Start.Line] = comment.Value.Trim();
                        break;
                    case Comment comment:
                        layout._fullLine[(int)comment.Start.Line] = comment.Value.Trim();
                        break;
                    case Key:
                        expectNameValue = false; // `name:` with no value
                        break;
                    case Scalar scalar:
                        firstContentLine = System.Math.Min(firstContentLine, (int)scalar.Start.Line);
                        if (expectNameValue)
                        {
                            layout.NamePosition = ((int)scalar.Start.Line, (int)scalar.Start.Column);
                            expectNameValue = false;
                        }
                        else if (previous is Key key && key.Start.Column == 1 && scalar.Value == "name")
                        {
                            expectNameValue = true;
                        }
                        break;
                }
                if (token is not Comment)
                {
                    previous = token;
                }
            }
        }
        catch (YamlException)
        {
            // Malformed YAML: the manifest reader reports it; docs are a nicety and stop here.
        }

        layout.Header = layout._fullLine
            .Where(entry => entry.Key < firstContentLine && !entry.Value.StartsWith("yaml-language-server:", System.StringComparison.Ordinal))
            .Select(entry => entry.Value)
            .ToEquatableArray();
        return layout;
    }

    /// <summary>
    /// The comment documenting the key on <paramref name="line"/>: its trailing comment, or else the block of
    /// comment lines right above it.
    /// </summary>
    public EquatableArray<string> DocFor(int line)
    {
        if (_inline.TryGetValue(line, out var inline))
        {
            return new EquatableArray<string>(new[] { inline });
        }
        var lines = new List<string>();
        for (var above = line - 1; _fullLine.TryGetValue(above, out var text); above--)
        {
            lines.Insert(0, text);
        }
        return lines.ToEquatableArray();
    }
}
