using System.Security.Cryptography;
using System.Text;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Pricing;
using FluxBatch.Manifest.References;

namespace FluxBatch.Planning.References;

/// <summary>A reference image as the planner sees it: where it is, what it hashes to, how large it is.</summary>
/// <param name="Location">The local full path, or the URL.</param>
/// <param name="ContentHash">SHA-256 (hex) of the file's bytes, or of the URL text for a URL (its content may change).</param>
/// <param name="Width">Pixel width from the header; null for a URL or an unreadable header.</param>
/// <param name="Megapixels">Input megapixels for the estimate, rounded up to two decimals and capped at 4 (larger inputs are resized).</param>
internal sealed record ReferenceInfo(string Location, string ContentHash, int? Width, int? Height, decimal Megapixels);

/// <summary>
/// Reads every reference once when a plan is created. A URL cannot be measured without fetching it, so it is
/// estimated at the 4 MP the API resizes inputs to: the estimate errs towards the budget, never below the bill.
/// </summary>
internal static class ReferenceSet
{
    public const decimal MaxInputMegapixels = 4m;

    public static IReadOnlyList<ReferenceInfo> Load(IReadOnlyList<ReferenceImage> references, Func<string, byte[]> readFile)
    {
        var result = new List<ReferenceInfo>(references.Count);
        foreach (var reference in references)
        {
            if (reference.FullPath is null)
            {
                result.Add(new ReferenceInfo(reference.Source, Sha256Hex(Encoding.UTF8.GetBytes(reference.Source)), null, null, MaxInputMegapixels));
                continue;
            }

            var bytes = readFile(reference.FullPath);
            var measured = ImageHeader.TryReadSize(bytes, out var width, out var height);
            result.Add(new ReferenceInfo(
                reference.FullPath,
                Sha256Hex(bytes),
                measured ? width : null,
                measured ? height : null,
                measured ? Math.Min(MaxInputMegapixels, CostEstimator.Megapixels(width, height)) : MaxInputMegapixels));
        }

        return result;
    }

    private static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
