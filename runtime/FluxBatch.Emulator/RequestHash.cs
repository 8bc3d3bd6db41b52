using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FluxBatch.Emulator;

/// <summary>
/// The identity of a submit request: SHA-256 (lower-case hex) of the model name, a newline, and the JSON body in
/// canonical form (object keys sorted ordinally, no whitespace, numbers in their shortest decimal form, strings
/// re-escaped uniformly). So two requests that mean the same, however they are formatted, share one hash.
/// </summary>
public static class RequestHash
{
    /// <summary>Hash of a body as sent on the wire. Throws <see cref="JsonException"/> when it is not JSON.</summary>
    public static string Compute(string model, ReadOnlySpan<byte> jsonBody)
    {
        var reader = new Utf8JsonReader(jsonBody);
        using var document = JsonDocument.ParseValue(ref reader);
        return Compute(model, document.RootElement);
    }

    /// <summary>Hash of a parsed body.</summary>
    public static string Compute(string model, JsonElement body)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var buffer = new MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes(model + "\n"));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, body);
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.Number when element.TryGetDecimal(out var number):
                // Dividing by 1.000… drops trailing zeros, so 4.50 and 4.5 hash alike.
                writer.WriteNumberValue(number / 1.000000000000000000000000000000000m);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
