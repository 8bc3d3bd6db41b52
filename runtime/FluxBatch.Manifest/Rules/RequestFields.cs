using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace FluxBatch.Manifest.Rules;

/// <summary>How a request field's value is written and checked.</summary>
public enum FieldKind
{
    Integer,
    Number,
    Boolean,
    Choice,
    /// <summary>An image side: integer, at least 64, a multiple of 16.</summary>
    Dimension,
}

/// <summary>A request field a manifest may set under <c>defaults</c> or sweep, under its API name.</summary>
/// <param name="Min">Inclusive lower bound for numbers.</param>
/// <param name="Max">Inclusive upper bound for numbers (null: none, as for dimensions, which the pixel rule bounds).</param>
/// <param name="FlexOnly">True for fields only flux-2-flex takes.</param>
public sealed record RequestField(string Name, FieldKind Kind, decimal? Min, decimal? Max, bool FlexOnly, IReadOnlyList<string> Choices)
{
    /// <summary>The expected form, for messages: "an integer from 1 to 50".</summary>
    public string Expectation => Kind switch
    {
        FieldKind.Boolean => "true or false",
        FieldKind.Choice => "one of " + string.Join(", ", Choices),
        FieldKind.Dimension => "an integer of at least 64, a multiple of 16",
        FieldKind.Integer => $"an integer from {Format(Min)} to {Format(Max)}",
        _ => $"a number from {Format(Min)} to {Format(Max)}",
    };

    public bool IsIntegerValued => Kind is FieldKind.Integer or FieldKind.Dimension;

    private static string Format(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";
}

/// <summary>The request fields of flux-api.md with their ranges. <c>prompt</c>, <c>seed</c> and input images have their own keys.</summary>
public static class RequestFields
{
    private static readonly string[] None = Array.Empty<string>();

    public static IReadOnlyList<RequestField> All { get; } = new[]
    {
        new RequestField("width", FieldKind.Dimension, 64, null, false, None),
        new RequestField("height", FieldKind.Dimension, 64, null, false, None),
        new RequestField("steps", FieldKind.Integer, 1, 50, true, None),
        new RequestField("guidance", FieldKind.Number, 1.5m, 10, true, None),
        new RequestField("safety_tolerance", FieldKind.Integer, 0, 5, false, None),
        new RequestField("output_format", FieldKind.Choice, null, null, false, new[] { "jpeg", "png" }),
        new RequestField("prompt_upsampling", FieldKind.Boolean, null, null, false, None),
    };

    public static IReadOnlyList<string> Names { get; } = All.Select(f => f.Name).ToArray();

    /// <summary>The key that sets width and height together (<c>1024x1536</c>).</summary>
    public const string Size = "size";

    /// <summary>The API's default output format, used when a manifest sets none.</summary>
    public const string DefaultOutputFormat = "jpeg";

    /// <summary>Largest width x height the API accepts: 2048 x 2048.</summary>
    public const long MaxPixels = 4_194_304;

    public static RequestField? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>Keys of the API body that a manifest sets elsewhere (or never), with where they belong.</summary>
    internal static string? ManagedElsewhere(string name) => name switch
    {
        "prompt" => "the prompt is the top-level `prompt` template",
        "seed" => "seeds come from the top-level `seed` or `seeds` key",
        "model" => "the model is the top-level `model` key",
        _ when name.StartsWith("input_image", StringComparison.Ordinal) => "input images are listed under the top-level `references` key",
        "webhook_url" or "webhook_secret" => "webhooks are configured by the executor, not the manifest",
        _ => null,
    };
}
