using System.Globalization;
using FluxBatch.Planning.Shards;

namespace FluxBatch.Cli.Commands;

/// <summary>
/// <c>--shard K/N</c> (K 1-based) or <c>--shards N</c> with K from <c>JOB_COMPLETION_INDEX</c> (0-based, as a
/// Kubernetes Indexed Job sets it: index 0 is shard 1/N), shared by <c>run</c> and <c>plan</c>.
/// </summary>
internal static class ShardOption
{
    public const string IndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>The shard asked for (null: the whole plan), or an error worded for the user (exit 2).</summary>
    public static (ShardSpec? Shard, string? Error) Resolve(string? shard, int? shards, Func<string, string?> environment)
    {
        if (shard is not null && shards is not null)
            return (null, "give --shard K/N or --shards N, not both");
        if (shard is not null)
            return ShardSpec.TryParse(shard, out var error) is { } parsed ? (parsed, null) : (null, "--shard: " + error);
        if (shards is not { } count)
            return (null, null);
        if (count is < 1 or > ShardSpec.MaxCount)
            return (null, string.Create(CultureInfo.InvariantCulture, $"--shards must be 1 to {ShardSpec.MaxCount:N0} (got {count})"));
        if (environment(IndexVariable) is not { Length: > 0 } index)
            return (null, $"--shards {count} takes the shard from {IndexVariable} (0-based, set by a Kubernetes Indexed Job), which is not set: give --shard K/N instead");
        return ShardSpec.FromZeroBasedIndex(index.Trim(), count, out var indexError) is { } fromIndex
            ? (fromIndex, null)
            : (null, $"{IndexVariable}={index}: {indexError}");
    }
}
