namespace FluxBatch.Generator.Model;

/// <summary>
/// Everything the emitter needs to write one preset, as plain equatable values. Built once per manifest by
/// the parser; two equal specs produce byte-identical source, which is what lets the pipeline skip emitting.
/// </summary>
/// <param name="Namespace">Namespace of the generated types.</param>
/// <param name="TypeName">The preset's class name: the manifest's <c>name</c> in PascalCase.</param>
/// <param name="ManifestName">The manifest's <c>name</c> as written.</param>
/// <param name="FileName">The manifest's file name (no folder, so generated code is the same on every machine).</param>
/// <param name="Summary">Comment lines heading the manifest file, for the class's XML docs.</param>
/// <param name="Model">The API model id.</param>
/// <param name="Variables">Vars the prompt template reads: the typed, overridable variables.</param>
/// <param name="Defaults">Request fields from <c>defaults</c>.</param>
/// <param name="Axes">Sweep axes with explicit values (grid and zip), in manifest order.</param>
/// <param name="Seeds">The seed policy (<c>seed</c> or <c>seeds</c>).</param>
/// <param name="Content">The manifest text with LF line endings, embedded so the preset runs without the file.</param>
internal sealed record PresetSpec(
    string Namespace,
    string TypeName,
    string ManifestName,
    string FileName,
    EquatableArray<string> Summary,
    string Model,
    EquatableArray<MemberSpec> Variables,
    EquatableArray<MemberSpec> Defaults,
    EquatableArray<MemberSpec> Axes,
    SeedsSpec Seeds,
    string Content);

/// <summary>
/// The seed policy as the generated <c>Seeds</c> class states it: only the members that apply to the policy are emitted.
/// </summary>
/// <param name="Policy">The <c>FluxBatch.Manifest.Model.SeedPolicy</c> member name: Fixed, Shared, PerValue or Listed.</param>
/// <param name="Count">Seeds per combination.</param>
/// <param name="Base"><c>seeds.base</c> for derived seeds; null otherwise.</param>
/// <param name="Fixed">The seed of <c>seed: N</c>; null otherwise.</param>
/// <param name="VaryWith">Axes listed in <c>seeds.vary_with</c>.</param>
/// <param name="Values">Seeds listed in <c>seeds.values</c>.</param>
internal sealed record SeedsSpec(string Policy, int Count, long? Base, long? Fixed, EquatableArray<string> VaryWith, EquatableArray<long> Values);

/// <summary>
/// One generated member: a variable, a default or an axis.
/// </summary>
/// <param name="Key">The manifest key (<c>steps</c>, <c>band</c>).</param>
/// <param name="MemberName">The C# name (<c>Steps</c>, <c>Band</c>).</param>
/// <param name="Type">Its C# type.</param>
/// <param name="Value">A C# expression for its value (a literal, or an array of literals).</param>
/// <param name="Doc">Comment lines from the manifest, for XML docs.</param>
internal sealed record MemberSpec(string Key, string MemberName, TypeSpec Type, string Value, EquatableArray<string> Doc);

/// <summary>A C# type for a manifest value: a scalar type, or a read-only list of one.</summary>
/// <param name="Scalar">A C# keyword type: <c>string</c>, <c>int</c>, <c>long</c>, <c>decimal</c>, <c>bool</c>.</param>
internal sealed record TypeSpec(ScalarKind Scalar, bool IsList);

internal enum ScalarKind
{
    String,
    Int32,
    Int64,
    Decimal,
    Boolean,
}

/// <summary>What the parser made of one manifest: a preset, or the reasons there is none (or both, for warnings).</summary>
internal sealed record ManifestModel(string Path, PresetSpec? Preset, LocationInfo NameLocation, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>A preset as the registry and the duplicate-name check see it.</summary>
internal sealed record PresetEntry(string Namespace, string TypeName, string ManifestName, string Model, LocationInfo NameLocation);
