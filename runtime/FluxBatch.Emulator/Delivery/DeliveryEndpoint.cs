using System.Security;
using FluxBatch.Emulator.Faults;
using FluxBatch.Emulator.Images;
using FluxBatch.Emulator.Options;
using FluxBatch.Emulator.Protocol;
using FluxBatch.Emulator.Tasks;
using Microsoft.AspNetCore.Http;

namespace FluxBatch.Emulator.Delivery;

/// <summary>
/// <c>GET /delivery/{id}.{ext}?se=…&amp;sig=…</c>: the sample, as a blob store serves it. No API key: the signature
/// is the authorisation, and a wrong or expired one is a 403 with an XML error body. The image is rendered on
/// each download (cheaply), so no bytes are held per task.
/// </summary>
internal sealed class DeliveryEndpoint(EmulatorState state)
{
    public async Task<IResult> HandleAsync(HttpContext context, string fileName)
    {
        if (context.Request.Headers.ContainsKey(AuthGate.HeaderName))
        {
            state.Stats.RecordDownloadWithKey();
            if (state.Options.RejectKeyOnDownload)
            {
                return BlobError(403, "KeyLeaked", "The request carried an x-key header: sample URLs must be fetched without the API key.");
            }
        }

        var now = state.Time.GetUtcNow();
        var check = state.Signer.Check(fileName, context.Request.Query["se"], context.Request.Query["sig"], now);
        if (check == SampleUrlCheck.BadSignature)
        {
            return BlobError(403, "AuthenticationFailed", "Server failed to authenticate the request. Make sure the signature is formed correctly.");
        }
        if (check == SampleUrlCheck.Expired)
        {
            return BlobError(403, "AuthenticationFailed", "Signed expiry time has passed.");
        }

        // A forgotten task's image is gone even if its URL has not expired yet.
        var task = state.Tasks.Find(Path.GetFileNameWithoutExtension(fileName), now);
        if (task is null || task.Outcome != TaskOutcome.Ready)
        {
            return BlobError(404, "BlobNotFound", "The specified blob does not exist.");
        }

        var fault = state.Faults.Draw(FaultStage.Download, task.Id, task.NextDownload(), task.Triggers);
        switch (fault)
        {
            case FaultKind.DownloadDrop:
                return Answers.Drop(context);
            case FaultKind.Download500 or FaultKind.Download502 or FaultKind.Download503:
                return Answers.ServerError(fault.Value);
        }

        state.Stats.RecordDownload();
        var request = task.Request;
        var bytes = ImageEncoder.Encode(SceneRenderer.RenderRgb(task.Picture, request.Width, request.Height), request.Width, request.Height, request.Format);
        if (fault != FaultKind.DownloadSlowBody)
        {
            return Results.Bytes(bytes, ImageEncoder.ContentType(request.Format));
        }
        await TrickleAsync(context, bytes, ImageEncoder.ContentType(request.Format));
        return Results.Empty;
    }

    /// <summary>Writes the body in small chunks with pauses, flushing each, so the client reads a slow stream.</summary>
    private async Task TrickleAsync(HttpContext context, byte[] bytes, string contentType)
    {
        var response = context.Response;
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        var chunk = state.Options.SlowBodyChunkBytes;
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            if (offset > 0)
            {
                await Task.Delay(state.Options.SlowBodyChunkDelay, state.Time, context.RequestAborted);
            }
            await response.Body.WriteAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)), context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static IResult BlobError(int statusCode, string code, string message) =>
        Results.Text(
            $"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message></Error>",
            "application/xml",
            statusCode: statusCode);
}
