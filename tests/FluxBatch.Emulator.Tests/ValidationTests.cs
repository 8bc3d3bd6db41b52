using System.Net;
using System.Text.Json;

namespace FluxBatch.Emulator.Tests;

public sealed class ValidationTests
{
    [Theory]
    [InlineData("""{"width":64,"height":64}""", "prompt", "missing")]
    [InlineData("""{"prompt":""}""", "prompt", "string_too_short")]
    [InlineData("""{"prompt":42}""", "prompt", "string_type")]
    [InlineData("""{"prompt":"x","width":48}""", "width", "greater_than_equal")]
    [InlineData("""{"prompt":"x","height":100}""", "height", "multiple_of")]
    [InlineData("""{"prompt":"x","width":"wide"}""", "width", "int_parsing")]
    [InlineData("""{"prompt":"x","steps":0}""", "steps", "greater_than_equal")]
    [InlineData("""{"prompt":"x","steps":51}""", "steps", "less_than_equal")]
    [InlineData("""{"prompt":"x","steps":20.5}""", "steps", "int_from_float")]
    [InlineData("""{"prompt":"x","guidance":1.4}""", "guidance", "greater_than_equal")]
    [InlineData("""{"prompt":"x","guidance":10.5}""", "guidance", "less_than_equal")]
    [InlineData("""{"prompt":"x","safety_tolerance":6}""", "safety_tolerance", "less_than_equal")]
    [InlineData("""{"prompt":"x","output_format":"webp"}""", "output_format", "enum")]
    [InlineData("""{"prompt":"x","input_image_8":17}""", "input_image_8", "string_type")]
    [InlineData("""{"prompt":"x","prompt_upsampling":"maybe"}""", "prompt_upsampling", "bool_parsing")]
    public async Task Invalid_field_is_422_in_the_fastapi_shape(string body, string field, string type)
    {
        await using var harness = await Harness.StartAsync();

        using var response = await harness.SubmitAsync(body);
        var detail = (await Harness.ReadJsonAsync(response)).GetProperty("detail");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single(detail.EnumerateArray());
        Assert.Equal(new[] { "body", field }, error.GetProperty("loc").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("msg").GetString()));
        Assert.Equal(0, harness.Stats.Submissions);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        await using var harness = await Harness.StartAsync();

        using var response = await harness.SubmitAsync("""{"width":65,"steps":0,"output_format":"gif"}""");
        var fields = (await Harness.ReadJsonAsync(response)).GetProperty("detail").EnumerateArray()
            .Select(e => e.GetProperty("loc")[1].GetString()).ToArray();

        Assert.Equal(new[] { "prompt", "width", "steps", "output_format" }, fields);
    }

    [Fact]
    public async Task More_than_four_megapixels_is_refused()
    {
        await using var harness = await Harness.StartAsync();

        using var atCap = await harness.SubmitAsync("""{"prompt":"x","width":2048,"height":2048}""");
        using var over = await harness.SubmitAsync("""{"prompt":"x","width":2064,"height":2048}""");

        Assert.Equal(HttpStatusCode.OK, atCap.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        Assert.Equal("value_error", (await Harness.ReadJsonAsync(over)).GetProperty("detail")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Unknown_fields_are_silently_ignored_like_the_server()
    {
        await using var harness = await Harness.StartAsync();

        using var response = await harness.SubmitAsync("""{"prompt":"x","stpes":99,"width":64,"height":64}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Pro_and_max_ignore_steps_and_guidance()
    {
        await using var harness = await Harness.StartAsync();

        using var pro = await harness.SubmitAsync("""{"prompt":"x","steps":500,"guidance":99,"width":64,"height":64}""", "flux-2-pro");
        using var flex = await harness.SubmitAsync("""{"prompt":"x","steps":500,"guidance":99,"width":64,"height":64}""", "flux-2-flex");

        Assert.Equal(HttpStatusCode.OK, pro.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, flex.StatusCode);
    }

    [Fact]
    public async Task Numeric_strings_are_accepted_as_the_lax_validator_does()
    {
        await using var harness = await Harness.StartAsync();

        using var response = await harness.SubmitAsync("""{"prompt":"x","steps":"20","guidance":"4.5","width":"64","height":64.0}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("{not json", "json_invalid")]
    [InlineData("[1,2]", "model_attributes_type")]
    public async Task Body_that_is_not_an_object_is_422(string body, string type)
    {
        await using var harness = await Harness.StartAsync();

        using var response = await harness.SubmitAsync(body);
        var error = (await Harness.ReadJsonAsync(response)).GetProperty("detail")[0];

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal("body", error.GetProperty("loc")[0].GetString());
    }

    [Fact]
    public async Task Width_zero_means_1024_and_input_images_are_priced_from_their_headers()
    {
        await using var harness = await Harness.StartAsync();
        // A 1000x1000 PNG header is enough for the emulator to measure a reference image.
        var header = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0x03, 0xE8, 0, 0, 0x03, 0xE8 }.CopyTo(header, 0);
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["prompt"] = "x", ["width"] = 0, ["input_image"] = Convert.ToBase64String(header), ["input_image_2"] = "https://example.invalid/ref.png",
        });

        var submitted = await harness.SubmitOkAsync(body);

        Assert.Equal(1.05m, submitted.GetProperty("output_mp").GetDecimal());
        // 1.00 MP measured + 1 MP assumed for the URL.
        Assert.Equal(2.00m, submitted.GetProperty("input_mp").GetDecimal());
    }
}
