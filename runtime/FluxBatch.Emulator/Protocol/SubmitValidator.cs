using System.Globalization;
using System.Text.Json;
using FluxBatch.Emulator.Images;

namespace FluxBatch.Emulator.Protocol;

/// <summary>
/// Checks a submit body as the real server does, reporting every problem at once in FastAPI's 422 shape.
/// Unknown fields are ignored (the server ignores them too), and so are <c>steps</c> and <c>guidance</c> for
/// models other than flex, which do not take them.
/// </summary>
internal sealed class SubmitValidator(long maxOutputPixels)
{
    /// <summary>Text-to-image size when width or height is 0 or absent.</summary>
    public const int AutoSize = 1024;

    public const string FlexModel = "flux-2-flex";

    private static readonly string[] InputImageFields =
        ["input_image", .. Enumerable.Range(2, 7).Select(i => string.Create(CultureInfo.InvariantCulture, $"input_image_{i}"))];

    private static readonly string[] BooleanFields = ["prompt_upsampling", "disable_pup"];
    private static readonly string[] OptionalStringFields = ["webhook_url", "webhook_secret"];

    public (SubmitRequest? Request, IReadOnlyList<ValidationError> Errors) Validate(string model, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, [new(["body"], "Input should be a valid dictionary or object to extract fields from", "model_attributes_type")]);
        }

        var errors = new List<ValidationError>();
        var prompt = ReadPrompt(body, errors);
        var seed = ReadInteger(body, "seed", errors, min: null, max: null);
        var width = ReadSize(body, "width", errors);
        var height = ReadSize(body, "height", errors);
        long? steps = null;
        decimal? guidance = null;
        if (model == FlexModel)
        {
            steps = ReadInteger(body, "steps", errors, min: 1, max: 50);
            guidance = ReadNumber(body, "guidance", errors, min: 1.5, max: 10);
        }
        ReadInteger(body, "safety_tolerance", errors, min: 0, max: 5);
        var format = ReadFormat(body, errors);
        foreach (var field in BooleanFields)
        {
            if (Present(body, field, out var value) && !LaxJson.TryBoolean(value, field, out var error))
            {
                errors.Add(error!);
            }
        }
        foreach (var field in OptionalStringFields)
        {
            ReadOptionalString(body, field, errors);
        }
        var images = InputImageFields.Select(field => ReadOptionalString(body, field, errors)).OfType<string>().ToArray();
        var inputMp = images.Sum(InputImageSize.Megapixels);

        if (width is not null && height is not null && (long)width * height > maxOutputPixels)
        {
            errors.Add(new(["body"], string.Create(CultureInfo.InvariantCulture,
                $"Value error, width * height must be at most {maxOutputPixels} pixels, got {(long)width * height}"), "value_error"));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new SubmitRequest(model, prompt!, seed, width!.Value, height!.Value, format, inputMp)
            {
                Steps = (int?)steps,
                Guidance = guidance,
                References = images.Select(Thumbnail.From).ToArray(),
            }, errors);
    }

    private static bool Present(JsonElement body, string field, out JsonElement value) =>
        body.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null;

    private static string? ReadPrompt(JsonElement body, List<ValidationError> errors)
    {
        if (!body.TryGetProperty("prompt", out var value))
        {
            errors.Add(ValidationError.Body("prompt", "Field required", "missing"));
            return null;
        }
        if (!LaxJson.TryString(value, "prompt", out var prompt, out var error))
        {
            errors.Add(error!);
            return null;
        }
        if (prompt.Length == 0)
        {
            errors.Add(ValidationError.Body("prompt", "String should have at least 1 character", "string_too_short"));
            return null;
        }
        return prompt;
    }

    private static long? ReadInteger(JsonElement body, string field, List<ValidationError> errors, long? min, long? max)
    {
        if (!Present(body, field, out var value))
        {
            return null;
        }
        if (!LaxJson.TryInteger(value, field, out var number, out var error))
        {
            errors.Add(error!);
            return null;
        }
        if (min is not null && number < min)
        {
            errors.Add(ValidationError.Body(field, Invariant($"Input should be greater than or equal to {min}"), "greater_than_equal"));
            return null;
        }
        if (max is not null && number > max)
        {
            errors.Add(ValidationError.Body(field, Invariant($"Input should be less than or equal to {max}"), "less_than_equal"));
            return null;
        }
        return number;
    }

    private static decimal? ReadNumber(JsonElement body, string field, List<ValidationError> errors, double min, double max)
    {
        if (!Present(body, field, out var value))
        {
            return null;
        }
        if (!LaxJson.TryNumber(value, field, out var number, out var error))
        {
            errors.Add(error!);
        }
        else if (number < min)
        {
            errors.Add(ValidationError.Body(field, Invariant($"Input should be greater than or equal to {min}"), "greater_than_equal"));
        }
        else if (number > max)
        {
            errors.Add(ValidationError.Body(field, Invariant($"Input should be less than or equal to {max}"), "less_than_equal"));
        }
        else
        {
            return (decimal)number;
        }
        return null;
    }

    /// <summary>0 or absent means auto (<see cref="AutoSize"/>); otherwise at least 64 and a multiple of 16. Null when invalid.</summary>
    private static int? ReadSize(JsonElement body, string field, List<ValidationError> errors)
    {
        var errorsBefore = errors.Count;
        var size = ReadInteger(body, field, errors, min: null, max: int.MaxValue);
        if (errors.Count > errorsBefore)
        {
            return null;
        }
        if (size is null or 0)
        {
            return AutoSize;
        }
        if (size < 64)
        {
            errors.Add(ValidationError.Body(field, "Input should be greater than or equal to 64", "greater_than_equal"));
            return null;
        }
        if (size % 16 != 0)
        {
            errors.Add(ValidationError.Body(field, "Input should be a multiple of 16", "multiple_of"));
            return null;
        }
        return (int)size;
    }

    private static ImageFormat ReadFormat(JsonElement body, List<ValidationError> errors)
    {
        if (!Present(body, "output_format", out var value))
        {
            return ImageFormat.Jpeg;
        }
        switch (value.ValueKind == JsonValueKind.String ? value.GetString() : null)
        {
            case "jpeg":
                return ImageFormat.Jpeg;
            case "png":
                return ImageFormat.Png;
            default:
                errors.Add(ValidationError.Body("output_format", "Input should be 'jpeg' or 'png'", "enum"));
                return ImageFormat.Jpeg;
        }
    }

    private static string? ReadOptionalString(JsonElement body, string field, List<ValidationError> errors)
    {
        if (!Present(body, field, out var value))
        {
            return null;
        }
        if (!LaxJson.TryString(value, field, out var text, out var error))
        {
            errors.Add(error!);
            return null;
        }
        return text;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
