using System.IO;
using System.Linq;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Reading;

namespace FluxBatch.Manifest.Rules;

/// <summary>
/// Output paths stay inside their folder: relative, and without <c>..</c> segments. Checked on the template text
/// and again on the trial render (a value could bring a <c>..</c> of its own).
/// </summary>
internal static class OutputPaths
{
    public static bool IsContained(string path) =>
        path.Length > 0
        && !Path.IsPathRooted(path)
        && !path.StartsWith("~", System.StringComparison.Ordinal)
        && !path.Split('/', '\\').Any(segment => segment.Trim() == "..");

    public static bool Check(string path, string key, SourcePosition position, Expect expect)
    {
        if (IsContained(path))
        {
            return true;
        }

        expect.Report(DiagnosticDescriptors.BadOutputPath, position, key, key == "dir" ? "the manifest's folder" : "the run folder", path);
        return false;
    }
}
