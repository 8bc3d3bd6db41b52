using System.Text;
using System.Text.Json;

namespace FluxBatch.Api;

/// <summary>
/// Turns an error body into the server's own message: FastAPI's <c>{"detail": "..."}</c> or
/// <c>{"detail": [{"loc", "msg", "type"}]}</c> (BFL's 422), BFL's own <c>{"error": "...", "message": "..."}</c> (what its
/// client and help pages show for 400/401; black-forest-labs/skills <c>python-client.py</c> reads exactly these two),
/// CometAPI's <c>{"error": {"message", ...}}</c>, or the raw text (shortened) when it is none of them.
/// </summary>
internal static class ErrorMessages
{
    private const int MaxRawLength = 300;

    public static string FromBody(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return "(empty body)";
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("detail", out var detail))
                    return FromDetail(detail);
                if (root.TryGetProperty("error", out var error))
                    return FromError(error, root.TryGetProperty("message", out var message) ? message : null);
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw text.
        }
        return Shorten(body.Trim());
    }

    /// <summary>Describes a <c>details</c> element of a failed task (string, object or anything else).</summary>
    public static string FromDetails(JsonElement? details) => details switch
    {
        null => "no details",
        { ValueKind: JsonValueKind.String } s => s.GetString() ?? "no details",
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => "no details",
        { } other => Shorten(other.GetRawText()),
    };

    private static string FromDetail(JsonElement detail)
    {
        if (detail.ValueKind == JsonValueKind.String)
            return detail.GetString() ?? "";
        if (detail.ValueKind != JsonValueKind.Array)
            return Shorten(detail.GetRawText());
        var text = new StringBuilder();
        foreach (var item in detail.EnumerateArray())
        {
            if (text.Length > 0)
                text.Append("; ");
            if (item.ValueKind != JsonValueKind.Object)
            {
                text.Append(item.ToString());
                continue;
            }
            if (item.TryGetProperty("loc", out var loc) && loc.ValueKind == JsonValueKind.Array)
                text.Append(string.Join('.', loc.EnumerateArray().Select(p => p.ToString()))).Append(": ");
            text.Append(item.TryGetProperty("msg", out var msg) ? msg.ToString() : item.GetRawText());
        }
        return Shorten(text.ToString());
    }

    private static string FromError(JsonElement error, JsonElement? bflMessage)
    {
        // BFL: {"error": code, "message": text}. The message is what a user can act on; the code says which error.
        if (bflMessage is { ValueKind: JsonValueKind.String } text)
            return Shorten(error.ValueKind == JsonValueKind.String && error.GetString() is { Length: > 0 } code
                ? $"{code}: {text.GetString()}"
                : text.GetString() ?? "");
        if (error.ValueKind == JsonValueKind.String)
            return error.GetString() ?? "";
        if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message))
            return Shorten(message.ToString());
        return Shorten(error.GetRawText());
    }

    private static string Shorten(string text) =>
        text.Length <= MaxRawLength ? text : text[..MaxRawLength] + "…";
}
