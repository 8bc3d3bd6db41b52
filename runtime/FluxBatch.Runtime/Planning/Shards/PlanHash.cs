using System.Security.Cryptography;
using System.Text;

namespace FluxBatch.Planning.Shards;

/// <summary>
/// A plan's identity: SHA-256 over its jobs' ids and output files, in plan order. Two folders hold parts of the same
/// plan exactly when their hashes agree, whatever the manifest's comments, spelling or shard; <c>fluxbatch merge</c>
/// refuses folders whose hashes differ. Job ids already digest every request field, the prompt, the seed and the
/// references, so this is the plan's content, not its text.
/// </summary>
internal static class PlanHash
{
    /// <summary>Lower-case hex of the hash of every job of <paramref name="jobs"/> (the whole plan, not a shard).</summary>
    public static string Of(IEnumerable<PlannedJob> jobs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var job in jobs)
            Append(hash, job);
        return Hex(hash);
    }

    internal static void Append(IncrementalHash hash, PlannedJob job)
    {
        hash.AppendData(Encoding.UTF8.GetBytes(job.Id));
        hash.AppendData([0]);
        hash.AppendData(Encoding.UTF8.GetBytes(job.OutputFile.Replace('\\', '/')));
        hash.AppendData([(byte)'\n']);
    }

    internal static string Hex(IncrementalHash hash) => Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
}
