using FluxBatch.Api;
using FluxBatch.Planning;
using FluxBatch.Planning.References;
using FluxBatch.Manifest.Rules;

namespace FluxBatch.Execution;

/// <summary>
/// Fills <c>input_image</c> … <c>input_image_8</c> at submit time (the plan carries only paths, so it stays small):
/// an http(s) URL is sent as-is, a local file as base64.
/// </summary>
internal static class ReferenceInliner
{
    public static async Task<FluxRequest> InlineAsync(PlannedJob job, CancellationToken cancellationToken)
    {
        if (job.ReferenceFiles.Count == 0)
            return job.Request;
        if (job.ReferenceFiles.Count > ApiLimits.MaxReferences)
            throw new InvalidOperationException($"at most {ApiLimits.MaxReferences} reference images can be sent, the job has {job.ReferenceFiles.Count}");
        var values = new string[job.ReferenceFiles.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = await ToWireAsync(job.ReferenceFiles[i], cancellationToken).ConfigureAwait(false);
        string? At(int i) => i < values.Length ? values[i] : null;
        return job.Request with
        {
            InputImage = At(0), InputImage2 = At(1), InputImage3 = At(2), InputImage4 = At(3),
            InputImage5 = At(4), InputImage6 = At(5), InputImage7 = At(6), InputImage8 = At(7),
        };
    }

    private static async Task<string> ToWireAsync(string reference, CancellationToken cancellationToken) =>
        Uri.TryCreate(reference, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? reference
            : Convert.ToBase64String(await Task.Run(() => BoundedReferenceRead.Read(reference), cancellationToken).ConfigureAwait(false));
}
