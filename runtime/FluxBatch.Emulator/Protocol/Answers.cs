using System.Globalization;
using FluxBatch.Emulator.Options;
using Microsoft.AspNetCore.Http;

namespace FluxBatch.Emulator.Protocol;

/// <summary>
/// The error answers shared by the endpoints, shaped as each dialect sends them: BFL's FastAPI <c>{"detail": …}</c>
/// (and <c>{"error","message"}</c> for a rejected key), CometAPI's <c>{"error":{"message","type","param","code"}}</c>.
/// </summary>
internal static class Answers
{
    public static IResult Detail(int statusCode, string detail) =>
        Results.Json(new DetailMessage(detail), EmulatorJson.Wire.DetailMessage, statusCode: statusCode);

    /// <summary>
    /// BFL's own error shape, <c>{"error": code, "message": text}</c>: what BFL's published client reads
    /// (black-forest-labs/skills, <c>python-client.py</c>, <c>_handle_response</c>) for 400 and 401.
    /// </summary>
    public static IResult BflError(int statusCode, string error, string message) =>
        Results.Json(new BflErrorBody(error, message), EmulatorJson.Wire.BflErrorBody, statusCode: statusCode);

    /// <summary>CometAPI's error shape (flux-api.md, "CometAPI proxy"): <c>type</c> is always <c>comet_api_error</c>.</summary>
    public static IResult CometError(int statusCode, string message, string code) =>
        Results.Json(new CometErrorBody(new CometError(message, "comet_api_error", "", code)), EmulatorJson.Wire.CometErrorBody, statusCode: statusCode);

    /// <summary>An error with a message, in the dialect's shape.</summary>
    public static IResult Error(WireDialect dialect, int statusCode, string message, string code) =>
        dialect == WireDialect.Comet ? CometError(statusCode, message, code) : Detail(statusCode, message);

    public static IResult NotFound(WireDialect dialect = WireDialect.Bfl) => Error(dialect, 404, "Not Found", "not_found");

    /// <summary>422: FastAPI's list for BFL; for CometAPI one message joining every problem (its error has one message).</summary>
    public static IResult Invalid(IReadOnlyList<ValidationError> errors, WireDialect dialect = WireDialect.Bfl) =>
        dialect == WireDialect.Comet
            ? CometError(422, string.Join("; ", errors.Select(e => string.Join('.', e.Loc) + ": " + e.Msg)), "invalid_request")
            : Results.Json(new ValidationErrorBody(errors), EmulatorJson.Wire.ValidationErrorBody, statusCode: 422);

    /// <summary>429, with <c>Retry-After</c> in whole seconds (rounded up) when <paramref name="retryAfter"/> is given.</summary>
    public static IResult RateLimited(HttpContext context, string detail, TimeSpan? retryAfter, WireDialect dialect = WireDialect.Bfl)
    {
        if (retryAfter is { } wait)
        {
            var seconds = (long)Math.Ceiling(Math.Max(0, wait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return Error(dialect, 429, detail, "rate_limit_exceeded");
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
