using System.Globalization;
using System.Text.Json;

namespace FluxBatch.Emulator.Protocol;

/// <summary>
/// Reads JSON values the way the real server's validator (pydantic, lax mode) does: numbers may come as numeric
/// strings, an integer may be written 5.0 but not 5.5, and every failure has pydantic's type and message.
/// </summary>
internal static class LaxJson
{
    public static bool TryInteger(JsonElement value, string field, out long result, out ValidationError? error)
    {
        error = null;
        result = 0;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out result):
                return true;
            case JsonValueKind.Number when value.TryGetDouble(out var real) && Math.Abs(real) < 9e18:
                if (real == Math.Floor(real))
                {
                    result = (long)real;
                    return true;
                }
                error = ValidationError.Body(field, "Input should be a valid integer, got a number with a fractional part", "int_from_float");
                return false;
            case JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out result):
                return true;
            case JsonValueKind.String:
                error = ValidationError.Body(field, "Input should be a valid integer, unable to parse string as an integer", "int_parsing");
                return false;
            default:
                error = ValidationError.Body(field, "Input should be a valid integer", "int_type");
                return false;
        }
    }

    public static bool TryNumber(JsonElement value, string field, out double result, out ValidationError? error)
    {
        error = null;
        result = 0;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetDouble(out result):
                return true;
            case JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out result) && double.IsFinite(result):
                return true;
            case JsonValueKind.String:
                error = ValidationError.Body(field, "Input should be a valid number, unable to parse string as a number", "float_parsing");
                return false;
            default:
                error = ValidationError.Body(field, "Input should be a valid number", "float_type");
                return false;
        }
    }

    public static bool TryBoolean(JsonElement value, string field, out ValidationError? error)
    {
        error = null;
        var ok = value.ValueKind switch
        {
            JsonValueKind.True or JsonValueKind.False => true,
            JsonValueKind.Number => value.TryGetInt32(out var n) && n is 0 or 1,
            JsonValueKind.String => value.GetString()?.ToLowerInvariant() is "true" or "false" or "1" or "0" or "yes" or "no" or "on" or "off" or "t" or "f" or "y" or "n",
            _ => false,
        };
        if (!ok)
        {
            error = ValidationError.Body(field, "Input should be a valid boolean", value.ValueKind == JsonValueKind.String ? "bool_parsing" : "bool_type");
        }
        return ok;
    }

    public static bool TryString(JsonElement value, string field, out string result, out ValidationError? error)
    {
        error = null;
        result = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        if (value.ValueKind != JsonValueKind.String)
        {
            error = ValidationError.Body(field, "Input should be a valid string", "string_type");
            return false;
        }
        return true;
    }
}
