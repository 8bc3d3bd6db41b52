using System.Buffers.Binary;
using FluxBatch.Api;
using FluxBatch.Planning.References;

namespace FluxBatch.Planning.Identity;

/// <summary>
/// Job ids, a content hash of the canonical request in two steps:
/// <code>
/// K  = SHA-256( "fluxbatch-job-v1" 0x1F 0x1E, "model" 0x1F model 0x1E,
///               every field that is sent except prompt and seed, in FluxRequest's API order (name 0x1F value 0x1E),
///               "input_image[_n]" 0x1F SHA-256(hex) of each reference's bytes 0x1E,
///               "prompt" 0x1F SHA-256(UTF-8 prompt) 0x1E )
/// id = lowercase hex of the first 10 bytes of SipHash-2-4-128(key = K[0..16], message = seed as 8 bytes LE)
/// </code>
/// with numbers in their shortest invariant form. Every field, the rendered prompt and the references reach
/// the id through K; the seed through a keyed PRF. K is computed once per combination (and distinct prompt),
/// so a million jobs cost ten thousand SHA-256 calls, not a million (one costs microseconds on this hardware).
/// Nothing machine-specific (paths, time) is included.
/// </summary>
internal sealed class JobIdentity
{
    public const int IdBytes = 10;

    private readonly CanonicalWriter _writer = new();
    private int _prefixLength;
    private byte[]? _keyPrompt;
    private ulong _k0;
    private ulong _k1;

    public void BeginCombination(string model, FluxRequest request, IReadOnlyList<ReferenceInfo> references)
    {
        _writer.Reset();
        _writer.Field("fluxbatch-job-v1", string.Empty);
        _writer.Field("model", model);
        // Identity, not wire: pro/max ids hash upsampling as disable_pup, as they did when it was sent, so a run planned
        // then resumes with the same ids (nothing paid twice); the request itself carries only prompt_upsampling.
        if (Requests.RequestDefaults.IdentityUsesDisablePup(model))
        {
            Optional("disable_pup", !request.PromptUpsampling);
        }
        else
        {
            Optional("prompt_upsampling", request.PromptUpsampling);
        }
        Optional("width", request.Width);
        Optional("height", request.Height);
        Optional("steps", request.Steps);
        if (request.Guidance is { } guidance)
        {
            _writer.Field("guidance", guidance);
        }

        Optional("safety_tolerance", request.SafetyTolerance);
        if (request.OutputFormat is { } format)
        {
            _writer.Field("output_format", format);
        }

        for (var i = 0; i < references.Count; i++)
        {
            _writer.Field(i == 0 ? "input_image" : "input_image_" + (i + 1), references[i].ContentHash);
        }

        _prefixLength = _writer.Length;
        _keyPrompt = null;
    }

    /// <param name="promptDigest">SHA-256 of the rendered prompt; the same array for the same prompt, so K is reused.</param>
    public string Id(byte[] promptDigest, long seed)
    {
        if (!ReferenceEquals(promptDigest, _keyPrompt))
        {
            _writer.Reset(_prefixLength);
            _writer.Field("prompt", promptDigest);
            Span<byte> key = stackalloc byte[32];
            _writer.Hash(key);
            _k0 = BinaryPrimitives.ReadUInt64LittleEndian(key);
            _k1 = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]);
            _keyPrompt = promptDigest;
        }

        Span<byte> id = stackalloc byte[16];
        SipHash128.Hash(_k0, _k1, unchecked((ulong)seed), id);
        return Convert.ToHexStringLower(id[..IdBytes]);
    }

    private void Optional(string name, int? value)
    {
        if (value is { } v)
        {
            _writer.Field(name, v);
        }
    }

    private void Optional(string name, bool? value)
    {
        if (value is { } v)
        {
            _writer.Field(name, v);
        }
    }
}
