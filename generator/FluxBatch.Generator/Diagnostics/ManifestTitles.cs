namespace FluxBatch.Generator.Diagnostics;

/// <summary>Titles of manifest diagnostics, from the shared catalogue.</summary>
internal static class ManifestTitles
{
    // TEMPORARY until FluxBatch.Manifest.Diagnostics.DiagnosticDescriptors lands: then the title comes from it.
    public static string For(string id) => "The manifest breaks a rule";
}
