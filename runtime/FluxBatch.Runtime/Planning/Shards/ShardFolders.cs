namespace FluxBatch.Planning.Shards;

/// <summary>
/// Where a shard runs by default: beside the whole plan's folder, never inside it (a folder inside another run
/// folder would be read as part of it: sidecar recovery and the contact sheet look through subfolders).
/// <c>runs/poster</c> → <c>runs/poster.shard-2-of-4</c>. <c>--out</c> overrides it.
/// </summary>
internal static class ShardFolders
{
    public static string Default(string runDirectory, ShardSpec? shard) =>
        shard is null ? runDirectory : Path.TrimEndingDirectorySeparator(runDirectory) + Suffix(shard);

    public static string Suffix(ShardSpec shard) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $".shard-{shard.Number}-of-{shard.Count}");
}
