using System.Text.Json;
using FluxBatch.Manifest;

namespace FluxBatch.Execution;

/// <summary>
/// The manifest a run was planned from (its path, its text at the time, the <c>--set</c> overrides), recorded in the
/// run folder's journal so <c>fluxbatch status</c> counts against exactly the plan that ran, even after the file is
/// edited. A few kilobytes per folder, overwritten by each run.
/// </summary>
internal sealed record PlanSource(string ManifestPath, string ManifestText, IReadOnlyList<string> Overrides)
{
    private const string PathKey = "plan_manifest_path";
    private const string TextKey = "plan_manifest_text";
    private const string OverridesKey = "plan_overrides";
    private const string HashKey = "plan_hash";
    private const string ShardKey = "plan_shard";

    /// <summary>The whole plan's hash (<see cref="Planning.Plan.Hash"/>), the same in every shard's folder; null if not recorded.</summary>
    public string? PlanHash { get; init; }

    /// <summary>The shard the run ran (<c>--shard K/N</c>), or null for the whole plan.</summary>
    public Planning.Shards.ShardSpec? Shard { get; init; }

    public IEnumerable<KeyValuePair<string, string>> ToMeta()
    {
        yield return KeyValuePair.Create(PathKey, ManifestPath);
        yield return KeyValuePair.Create(TextKey, ManifestText);
        yield return KeyValuePair.Create(OverridesKey, JsonSerializer.Serialize(Overrides.ToArray(), PlanSourceJson.Default.StringArray));
        if (PlanHash is not null)
            yield return KeyValuePair.Create(HashKey, PlanHash);
        // Always written, so a whole-plan run after a shard run in the same folder does not keep the old shard.
        yield return KeyValuePair.Create(ShardKey, Shard?.ToString() ?? "");
    }

    /// <summary>The source the folder's last run recorded, or null (a folder from before this was recorded).</summary>
    public static PlanSource? FromJournal(RunJournal journal) =>
        journal.GetMeta(PathKey) is { } path && journal.GetMeta(TextKey) is { } text
            ? new PlanSource(path, text, JsonSerializer.Deserialize(journal.GetMeta(OverridesKey) ?? "[]", PlanSourceJson.Default.StringArray) ?? [])
            {
                PlanHash = journal.GetMeta(HashKey),
                Shard = journal.GetMeta(ShardKey) is { Length: > 0 } shard ? Planning.Shards.ShardSpec.TryParse(shard, out _) : null,
            }
            : null;

    /// <summary>Reads the recorded text as the run read its file.</summary>
    public ManifestReadResult Read() => ManifestReader.Read(ManifestPath, ManifestText, null, Overrides);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class PlanSourceJson : System.Text.Json.Serialization.JsonSerializerContext;
