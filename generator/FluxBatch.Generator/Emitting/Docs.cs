using System.Collections.Generic;
using System.Linq;

namespace FluxBatch.Generator.Emitting;

/// <summary>XML documentation comments, from fixed text or from the manifest's own comments.</summary>
internal static class Docs
{
    public static void Summary(IndentedWriter w, string xml)
    {
        w.Line("/// <summary>");
        w.Line("/// " + xml);
        w.Line("/// </summary>");
    }

    /// <summary>The manifest's comment lines when it has some, else <paramref name="fallbackXml"/>.</summary>
    public static void Summary(IndentedWriter w, IReadOnlyList<string> commentLines, string fallbackXml)
    {
        if (commentLines.Count == 0)
        {
            Summary(w, fallbackXml);
            return;
        }
        w.Line("/// <summary>");
        foreach (var line in commentLines)
        {
            w.Line("/// " + Escape(line));
        }
        w.Line("/// </summary>");
    }

    public static void Remarks(IndentedWriter w, IReadOnlyList<string> commentLines)
    {
        if (commentLines.Count == 0)
        {
            return;
        }
        w.Line("/// <remarks>");
        foreach (var line in commentLines.Where(l => l.Length > 0))
        {
            w.Line("/// " + Escape(line));
        }
        w.Line("/// </remarks>");
    }

    public static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
