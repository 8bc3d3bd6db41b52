using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FluxBatch.Planning.Shards;

/// <summary>
/// Shard <see cref="Number"/> of <see cref="Count"/> (1-based, as <c>--shard 1/4</c> … <c>4/4</c> are written):
/// the jobs whose id falls in this shard. A job's shard is a stable hash of its id mod <see cref="Count"/>, so every
/// process on every machine splits the plan the same way without talking to the others; the shards are disjoint
/// and together are the plan. Ids are already content hashes, but they are hashed again (SHA-256) so the split does
/// not depend on how ids are spelled.
/// </summary>
internal sealed record ShardSpec
{
    /// <summary>More shards than this is surely a typo (each shard is a process with its own folder).</summary>
    public const int MaxCount = 10_000;

    public ShardSpec(int number, int count)
    {
        if (count is < 1 or > MaxCount)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"the shard count must be 1 to {MaxCount}");
        if (number < 1 || number > count)
            throw new ArgumentOutOfRangeException(nameof(number), number, $"the shard number must be 1 to {count}");
        Number = number;
        Count = count;
    }

    /// <summary>1-based: 1 … <see cref="Count"/>.</summary>
    public int Number { get; }

    public int Count { get; }

    /// <summary>True when the job with this id belongs to this shard.</summary>
    public bool Contains(string jobId) => Of(jobId, Count) == Number;

    /// <summary>The 1-based shard of a job id among <paramref name="count"/> shards.</summary>
    public static int Of(string jobId, int count)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(jobId), digest);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(digest) % (ulong)count) + 1;
    }

    /// <summary><c>K/N</c>, as <c>--shard</c> takes it and the journal records it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Number}/{Count}");

    /// <summary>Reads <c>K/N</c> (1 ≤ K ≤ N); null with a reason otherwise.</summary>
    public static ShardSpec? TryParse(string text, out string? error)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"'{text}' is not K/N (two whole numbers, e.g. 1/4)";
            return null;
        }
        return TryCreate(number, count, out error);
    }

    /// <summary>A shard from a 0-based index, as Kubernetes sets <c>JOB_COMPLETION_INDEX</c> (0 … N−1).</summary>
    public static ShardSpec? FromZeroBasedIndex(string indexText, int count, out string? error)
    {
        if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            error = $"'{indexText}' is not a 0-based shard index (a whole number 0 to N−1)";
            return null;
        }
        if (count < 1 || index >= count)
        {
            error = $"index {index} is out of range for {count} shard(s): it must be 0 to {count - 1}";
            return null;
        }
        return TryCreate(index + 1, count, out error);
    }

    private static ShardSpec? TryCreate(int number, int count, out string? error)
    {
        if (count is < 1 or > MaxCount)
        {
            error = $"the shard count must be 1 to {MaxCount.ToString("N0", CultureInfo.InvariantCulture)} (got {count})";
            return null;
        }
        if (number < 1 || number > count)
        {
            error = $"shard {number} of {count} does not exist: K is 1-based, 1 to {count}";
            return null;
        }
        error = null;
        return new ShardSpec(number, count);
    }
}
