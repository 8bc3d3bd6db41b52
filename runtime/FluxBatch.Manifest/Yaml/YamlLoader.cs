using System;
using System.Collections.Generic;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace FluxBatch.Manifest.Yaml;

/// <summary>
/// Reads one YAML document into positioned <see cref="ManifestValue"/>s, straight from YamlDotNet's parser
/// events (every event carries its start mark). Aliases share the anchored value instead of copying it, and
/// the loader counts how many nodes the document would have once every alias is expanded: beyond
/// <see cref="MaxExpandedNodes"/> it stops with FLUX1002, so a "billion laughs" document is refused after reading
/// only its own text. Merge keys (<c>&lt;&lt;: *base</c>) are honoured; explicit keys win over merged ones.
/// </summary>
internal sealed class YamlLoader
{
    /// <summary>The most nodes a manifest may expand to (documented in docs/manifest.md).</summary>
    public const long MaxExpandedNodes = 100_000;

    /// <summary>Deeper nesting is refused before it can exhaust the stack.</summary>
    public const int MaxDepth = 64;

    private readonly string _path;
    private readonly IParser _parser;
    private readonly Dictionary<string, (ManifestValue Value, long Size)> _anchors = new(StringComparer.Ordinal);
    private readonly DiagnosticBag _diagnostics;
    private readonly Stack<Mark> _openCollections = new();
    private long _expanded;

    private YamlLoader(string path, string text, DiagnosticBag diagnostics)
    {
        _path = path;
        _parser = new Parser(new System.IO.StringReader(text));
        _diagnostics = diagnostics;
    }

    /// <summary>The document's root value, or null after reporting why there is none.</summary>
    public static ManifestValue? Load(string path, string text, DiagnosticBag diagnostics)
    {
        var loader = new YamlLoader(path, text, diagnostics);
        try
        {
            return loader.LoadStream();
        }
        catch (YamlException ex)
        {
            diagnostics.Report(DiagnosticDescriptors.MalformedYaml, loader.At(ex.Start), StripMarks(ex.Message));
            return null;
        }
        catch (LoadStopped)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) for some unterminated flow collections;
            // the innermost collection still open is where the user has to look.
            var at = loader._openCollections.Count > 0 ? loader._openCollections.Peek() : loader._parser.Current?.End ?? Mark.Empty;
            diagnostics.Report(DiagnosticDescriptors.MalformedYaml, loader.At(at), "the document ends inside an unclosed `[` or `{`");
            return null;
        }
    }

    private ManifestValue? LoadStream()
    {
        _parser.Consume<StreamStart>();
        if (_parser.TryConsume<StreamEnd>(out var end))
        {
            _diagnostics.Report(DiagnosticDescriptors.NotAMapping, At(end.Start), "an empty file");
            return null;
        }

        _parser.Consume<DocumentStart>();
        var root = ReadNode(depth: 0).Value;
        _parser.Consume<DocumentEnd>();
        if (_parser.Accept<DocumentStart>(out var second))
        {
            _diagnostics.Report(DiagnosticDescriptors.MultipleDocuments, At(second.Start));
            return null;
        }

        return root;
    }

    private (ManifestValue Value, long Size) ReadNode(int depth)
    {
        if (depth > MaxDepth)
        {
            _diagnostics.Report(DiagnosticDescriptors.MalformedYaml, At(_parser.Current!.Start),
                $"values are nested deeper than {MaxDepth} levels");
            throw new LoadStopped();
        }

        var current = _parser.Current ?? throw new InvalidOperationException("The parser ended inside a document.");
        (ManifestValue Value, long Size) node;
        string? anchor;
        switch (current)
        {
            case AnchorAlias alias:
                _parser.MoveNext();
                if (!_anchors.TryGetValue(alias.Value.Value, out node))
                {
                    _diagnostics.Report(DiagnosticDescriptors.MalformedYaml, At(alias.Start),
                        $"the alias `*{alias.Value.Value}` refers to no anchor defined before it");
                    throw new LoadStopped();
                }

                Count(node.Size, alias.Start);
                return node;
            case Scalar scalar:
                _parser.MoveNext();
                Count(1, scalar.Start);
                anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
                node = (ScalarTyping.Type(scalar.Value, scalar.Style, scalar.Tag.IsEmpty ? null : scalar.Tag.Value, At(scalar.Start)), 1);
                break;
            case SequenceStart sequence:
                anchor = sequence.Anchor.IsEmpty ? null : sequence.Anchor.Value;
                node = ReadSequence(sequence, depth);
                break;
            case MappingStart mapping:
                anchor = mapping.Anchor.IsEmpty ? null : mapping.Anchor.Value;
                node = ReadMapping(mapping, depth);
                break;
            default:
                throw new InvalidOperationException($"Unexpected YAML event {current.GetType().Name}.");
        }

        if (anchor is not null)
        {
            _anchors[anchor] = node;
        }

        return node;
    }

    private (ManifestValue, long) ReadSequence(SequenceStart start, int depth)
    {
        _parser.MoveNext();
        Count(1, start.Start);
        _openCollections.Push(start.Start);
        var items = new List<ManifestValue>();
        long size = 1;
        while (!_parser.TryConsume<SequenceEnd>(out _))
        {
            var (item, itemSize) = ReadNode(depth + 1);
            items.Add(item);
            size += itemSize;
        }

        _openCollections.Pop();

        return (new ListValue(items, At(start.Start)), size);
    }

    private (ManifestValue, long) ReadMapping(MappingStart start, int depth)
    {
        _parser.MoveNext();
        Count(1, start.Start);
        _openCollections.Push(start.Start);
        var entries = new List<MapEntry>();
        var merges = new List<(int Index, ManifestValue Source)>();
        long size = 1;
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = _parser.Current!;
            if (keyEvent is not Scalar keyScalar)
            {
                _diagnostics.Report(DiagnosticDescriptors.MalformedYaml, At(keyEvent.Start),
                    "mapping keys must be plain text, not lists, mappings or aliases");
                throw new LoadStopped();
            }

            _parser.MoveNext();
            var (value, valueSize) = ReadNode(depth + 1);
            size += 1 + valueSize;
            if (keyScalar.Style == ScalarStyle.Plain && keyScalar.Value == "<<")
            {
                merges.Add((entries.Count, value));
                continue;
            }

            var keyPosition = At(keyScalar.Start);
            var duplicate = entries.FindIndex(e => e.Key == keyScalar.Value);
            if (duplicate >= 0)
            {
                _diagnostics.Report(DiagnosticDescriptors.DuplicateKey, keyPosition, keyScalar.Value, entries[duplicate].KeyPosition.Line);
                continue;
            }

            entries.Add(new MapEntry(keyScalar.Value, keyPosition, value));
        }

        _openCollections.Pop();
        return (new MapValue(ApplyMerges(entries, merges), At(start.Start)), size);
    }

    /// <summary>Inserts merged entries where the <c>&lt;&lt;</c> key stood; explicit keys and earlier sources win.</summary>
    private List<MapEntry> ApplyMerges(List<MapEntry> entries, List<(int Index, ManifestValue Source)> merges)
    {
        if (merges.Count == 0)
        {
            return entries;
        }

        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            present.Add(entry.Key);
        }

        var result = new List<MapEntry>(entries);
        for (var m = merges.Count - 1; m >= 0; m--)
        {
            var (index, source) = merges[m];
            var sources = source is ListValue list ? list.Items : new[] { source };
            var inserted = new List<MapEntry>();
            foreach (var item in sources)
            {
                if (item is not MapValue map)
                {
                    _diagnostics.Report(DiagnosticDescriptors.MalformedYaml, item.Position,
                        "a merge key `<<` takes a mapping (or a list of mappings) to merge");
                    continue;
                }

                foreach (var entry in map.Entries)
                {
                    if (present.Add(entry.Key))
                    {
                        inserted.Add(entry);
                    }
                }
            }

            result.InsertRange(index, inserted);
        }

        return result;
    }

    private void Count(long nodes, Mark at)
    {
        _expanded += nodes;
        if (_expanded > MaxExpandedNodes)
        {
            _diagnostics.Report(DiagnosticDescriptors.AliasExpansionTooLarge, At(at), MaxExpandedNodes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            throw new LoadStopped();
        }
    }

    private SourcePosition At(Mark mark) => new(_path, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    /// <summary>YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (...): "; the position is ours to print.</summary>
    private static string StripMarks(string message)
    {
        var index = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && index >= 0 ? message.Substring(index + 3) : message;
    }

    /// <summary>Thrown after a fatal diagnostic has been reported, to unwind the recursive read.</summary>
    private sealed class LoadStopped : Exception
    {
    }
}
