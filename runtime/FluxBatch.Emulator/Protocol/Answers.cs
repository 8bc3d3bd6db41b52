using System.Globalization;
using FluxBatch.Emulator.Options;
using Microsoft.AspNetCore.Http;

namespace FluxBatch.Emulator.Protocol;

/// <summary>The error answers shared by the endpoints, shaped as the real API (FastAPI behind a proxy) sends them.</summary>
internal static class Answers
{
    public static IResult Detail(int statusCode, string detail) =>
        Results.Json(new DetailMessage(detail), EmulatorJson.Wire.DetailMessage, statusCode: statusCode);

    public static IResult NotFound() => Detail(404, "Not Found");

    public static IResult Invalid(IReadOnlyList<ValidationError> errors) =>
        Results.Json(new ValidationErrorBody(errors), EmulatorJson.Wire.ValidationErrorBody, statusCode: 422);

    /// <summary>429, with <c>Retry-After</c> in whole seconds (rounded up) when <paramref name="retryAfter"/> is given.</summary>
    public static IResult RateLimited(HttpContext context, string detail, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait)
        {
            var seconds = (long)Math.Ceiling(Math.Max(0, wait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return Detail(429, detail);
    }

    /// <summary>500 comes from the application (JSON); 502 and 503 from the proxy in front of it (plain text).</summary>
    public static IResult ServerError(FaultKind kind) => kind switch
    {
        FaultKind.Submit502 or FaultKind.Poll502 or FaultKind.Download502 =>
            Results.Text("502 Bad Gateway", "text/plain", statusCode: 502),
        FaultKind.Submit503 or FaultKind.Poll503 or FaultKind.Download503 =>
            Results.Text("503 Service Temporarily Unavailable", "text/plain", statusCode: 503),
        _ => Detail(500, "Internal Server Error"),
    };

    /// <summary>Drops the connection without an answer: the client sees a reset or an incomplete response.</summary>
    public static IResult Drop(HttpContext context)
    {
        context.Abort();
        return Results.Empty;
    }
}
