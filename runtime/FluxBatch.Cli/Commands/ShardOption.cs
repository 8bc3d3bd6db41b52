using System.Globalization;

namespace FluxBatch.Cli.Commands;

/// <summary>
/// <c>--shard K/N</c> (K 1-based) or <c>--shards N</c> with K from <c>JOB_COMPLETION_INDEX</c> (0-based, as a
/// Kubernetes Indexed Job sets it: index 0 is shard 1/N), shared by <c>run</c> and <c>plan</c>.
/// </summary>
internal static class ShardOption
{
    public const string IndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>The shard asked for (null: the whole plan), or an error worded for the user (exit 2).</summary>
    public static (string? Shard, string? Error) Resolve(string? shard, int? shards, Func<string, string?> environment)
    {
        if (shard is not null && shards is not null)
            return (null, "give --shard K/N or --shards N, not both");
        if (shard is not null)
            return new RunOptions { Shard = shard }.Validate() is [var invalid, ..] ? (null, "--shard: " + invalid.Problem) : (shard, null);
        if (shards is not { } count)
            return (null, null);
        if (count is < 1 or > RunOptions.MaxShards)
            return (null, string.Create(CultureInfo.InvariantCulture, $"--shards must be 1 to {RunOptions.MaxShards:N0} (got {count})"));
        if (environment(IndexVariable) is not { Length: > 0 } index)
            return (null, $"--shards {count} takes the shard from {IndexVariable} (0-based, set by a Kubernetes Indexed Job), which is not set: give --shard K/N instead");
        return RunOptions.ShardFromIndex(index.Trim(), count, out var indexError) is { } fromIndex
            ? (fromIndex, null)
            : (null, $"{IndexVariable}={index}: {indexError}");
    }
}
