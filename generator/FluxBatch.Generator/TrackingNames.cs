namespace FluxBatch.Generator;

/// <summary>Names of the pipeline's steps, so tests can assert which ones ran again.</summary>
internal static class TrackingNames
{
    public const string Options = nameof(Options);
    public const string RuntimeSupport = nameof(RuntimeSupport);
    public const string AdditionalFiles = nameof(AdditionalFiles);
    public const string ManifestFiles = nameof(ManifestFiles);
    public const string Manifests = nameof(Manifests);
    public const string Entries = nameof(Entries);
    public const string DuplicateNames = nameof(DuplicateNames);
    public const string Presets = nameof(Presets);
    public const string Registry = nameof(Registry);
    public const string TestSupport = nameof(TestSupport);
    public const string SnapshotTests = nameof(SnapshotTests);
}
