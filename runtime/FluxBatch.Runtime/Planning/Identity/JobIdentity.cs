using FluxBatch.Api;
using FluxBatch.Planning.References;

namespace FluxBatch.Planning.Identity;

/// <summary>
/// Job ids: the first 10 bytes (20 lowercase hex digits) of SHA-256 over the canonical request,
/// <code>
/// "fluxbatch-job-v1" 0x1F 0x1E, "model" 0x1F model 0x1E,
/// then every field that is sent, in FluxRequest's API order except prompt and seed (name 0x1F value 0x1E),
/// "input_image[_n]" 0x1F SHA-256(hex) of each reference 0x1E,
/// "prompt" 0x1F SHA-256(UTF-8 prompt) 0x1E, "seed" 0x1F seed 0x1E
/// </code>
/// with numbers in their shortest invariant form. The prompt enters by its hash (computed once per distinct
/// prompt), so each job hashes about a hundred bytes. Nothing machine-specific (paths, time) is included.
/// The part shared by a combination's seeds is written once and each seed appends to it.
/// </summary>
internal sealed class JobIdentity
{
    public const int IdBytes = 10;

    private readonly CanonicalWriter _writer = new();
    private int _prefixLength;

    public void BeginCombination(string model, FluxRequest request, IReadOnlyList<ReferenceInfo> references)
    {
        _writer.Reset();
        _writer.Field("fluxbatch-job-v1", string.Empty);
        _writer.Field("model", model);
        Optional("prompt_upsampling", request.PromptUpsampling);
        Optional("disable_pup", request.DisablePup);
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
    }

    public string Id(ReadOnlySpan<byte> promptDigest, long seed)
    {
        _writer.Reset(_prefixLength);
        _writer.Field("prompt", promptDigest);
        _writer.Field("seed", seed);
        Span<byte> digest = stackalloc byte[32];
        _writer.Hash(digest);
        return Convert.ToHexStringLower(digest[..IdBytes]);
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
