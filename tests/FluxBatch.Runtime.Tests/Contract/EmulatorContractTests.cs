using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxBatch.Emulator;
using FluxBatch.Emulator.Options;
using FluxBatch.Emulator.Protocol;

namespace FluxBatch.Runtime.Tests.Contract;

/// <summary>
/// The emulator's side of the wire contract: its own records (FluxBatch.Emulator.Protocol, not the client's) write each
/// documented body (Contract/*.json) field by field equal to the fixture, its status strings are the documented ones,
/// and over HTTP on 127.0.0.1 it answers with the fixtures' keys. A misspelt field in the emulator fails here, even
/// though the client, reading the same misspelling, would not notice.
/// </summary>
public sealed class EmulatorContractTests
{
    private const string Key = "contract-key-0123456789abcdef";

    private static JsonNode Written<T>(T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonNode.Parse(JsonSerializer.Serialize(body, type))!;

    private static JsonObject? Details(JsonObject fixture) => fixture["details"]?.DeepClone().AsObject();

    [Fact]
    public void The_BFL_submit_answer_is_written_as_documented()
    {
        var f = ContractFixtures.Load("bfl-submit.json");

        var body = new BflSubmitBody((string)f["id"]!, (string)f["polling_url"]!, (decimal)f["cost"]!, (decimal)f["input_mp"]!, (decimal)f["output_mp"]!);

        ContractFixtures.AssertSameFields(f, Written(body, EmulatorJson.Wire.BflSubmitBody));
    }

    [Fact]
    public void The_CometAPI_submit_answer_is_written_as_documented()
    {
        var f = ContractFixtures.Load("comet-submit.json");

        var body = new CometSubmitBody((string)f["id"]!, (string)f["polling_url"]!);

        ContractFixtures.AssertSameFields(f, Written(body, EmulatorJson.Wire.CometSubmitBody));
    }

    [Fact]
    public void A_request_moderated_at_submission_is_written_as_the_fixture()
    {
        var f = ContractFixtures.Load("bfl-submit-request-moderated.json");

        var body = new SubmitModeratedBody((string)f["id"]!, WireStatus.RequestModerated, Details(f)!);

        ContractFixtures.AssertSameFields(f, Written(body, EmulatorJson.Wire.SubmitModeratedBody));
    }

    public static TheoryData<string, string> PollStatuses => new()
    {
        { "bfl-poll-pending.json", WireStatus.Pending },
        { "bfl-poll-generating.json", WireStatus.Generating },
        { "bfl-poll-ready.json", WireStatus.Ready },
        { "bfl-poll-request-moderated.json", WireStatus.RequestModerated },
        { "bfl-poll-content-moderated.json", WireStatus.ContentModerated },
        { "bfl-poll-error.json", WireStatus.Error },
        { "bfl-poll-failed.json", WireStatus.Failed },
        { "bfl-poll-task-not-found.json", WireStatus.TaskNotFound },
    };

    [Theory]
    [MemberData(nameof(PollStatuses))]
    public void Every_poll_answer_is_written_as_documented_with_the_documented_status(string fixture, string status)
    {
        var f = ContractFixtures.Load(fixture);

        var body = new PollBody((string)f["id"]!, status, Result(f), (double?)f["progress"], Details(f), (string?)f["preview"]);

        ContractFixtures.AssertSameFields(f, Written(body, EmulatorJson.Wire.PollBody));
    }

    [Fact]
    public void The_CometAPI_poll_carries_its_documented_result_and_BFLs_other_fields()
    {
        var f = ContractFixtures.Load("comet-poll-ready.json");

        var body = new PollBody((string)f["id"]!, WireStatus.Ready, Result(f), 1.0, null, null);

        ContractFixtures.AssertSameFields(f, Written(body, EmulatorJson.Wire.PollBody), "progress", "details", "preview");
    }

    [Fact]
    public void Credits_are_written_as_documented()
    {
        var f = ContractFixtures.Load("bfl-credits.json");

        ContractFixtures.AssertSameFields(f, Written(new CreditsBody((decimal)f["credits"]!), EmulatorJson.Wire.CreditsBody));
    }

    [Theory]
    [InlineData("bfl-error-402.json")]
    [InlineData("bfl-error-403.json")]
    [InlineData("bfl-error-422-key-format.json")]
    [InlineData("bfl-error-429.json")]
    public void A_FastAPI_message_error_is_written_as_documented(string fixture)
    {
        var f = ContractFixtures.Load(fixture);

        ContractFixtures.AssertSameFields(f, Written(new DetailMessage((string)f["detail"]!), EmulatorJson.Wire.DetailMessage));
    }

    [Fact]
    public void A_FastAPI_validation_error_is_written_as_documented()
    {
        var f = ContractFixtures.Load("bfl-error-422-validation.json");
        var errors = f["detail"]!.AsArray().Select(e => new ValidationError(
            e!["loc"]!.AsArray().Select(p => (string)p!).ToList(), (string)e["msg"]!, (string)e["type"]!)).ToList();

        ContractFixtures.AssertSameFields(f, Written(new ValidationErrorBody(errors), EmulatorJson.Wire.ValidationErrorBody));
    }

    [Fact]
    public void BFLs_own_error_is_written_as_documented()
    {
        var f = ContractFixtures.Load("bfl-error-401.json");

        ContractFixtures.AssertSameFields(f, Written(new BflErrorBody((string)f["error"]!, (string)f["message"]!), EmulatorJson.Wire.BflErrorBody));
    }

    [Theory]
    [InlineData("comet-error-429.json")]
    [InlineData("comet-error-401.json")]
    public void A_CometAPI_error_is_written_as_documented(string fixture)
    {
        var f = ContractFixtures.Load(fixture);
        var e = f["error"]!;

        var body = new CometErrorBody(new CometError((string)e["message"]!, (string)e["type"]!, (string)e["param"]!, (string)e["code"]!));

        ContractFixtures.AssertSameFields(f, Written(body, EmulatorJson.Wire.CometErrorBody));
    }

    [Fact]
    public async Task Over_HTTP_the_emulator_answers_with_the_documented_keys()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { AcceptedKeys = [Key] });
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };

        var submit = await SendAsync(http, HttpMethod.Post, "/v1/flux-2-flex", ("x-key", Key), """{"prompt":"a red cube","seed":42,"width":64,"height":64}""");
        var poll = await SendAsync(http, HttpMethod.Get, new Uri((string)submit["polling_url"]!).PathAndQuery, ("x-key", Key));
        var comet = await SendAsync(http, HttpMethod.Post, "/flux/v1/flux-2-flex", ("Authorization", "Bearer " + Key), """{"prompt":"a red cube","seed":42,"width":64,"height":64}""");
        var cometPoll = await SendAsync(http, HttpMethod.Get, "/flux/v1/get_result?id=" + (string)comet["id"]!, ("Authorization", "Bearer " + Key));

        ContractFixtures.AssertSameShape(ContractFixtures.Load("bfl-submit.json"), submit);
        ContractFixtures.AssertSameShape(ContractFixtures.Load("bfl-poll-ready.json"), poll);
        ContractFixtures.AssertSameShape(ContractFixtures.Load("comet-submit.json"), comet);
        ContractFixtures.AssertSameShape(ContractFixtures.Load("comet-poll-ready.json"), cometPoll, "progress", "details", "preview");
        ContractFixtures.AssertSameShape(ContractFixtures.Load("bfl-credits.json"), await SendAsync(http, HttpMethod.Get, "/v1/credits", ("x-key", Key)));
        ContractFixtures.AssertSameShape(ContractFixtures.Load("bfl-poll-task-not-found.json"),
            await SendAsync(http, HttpMethod.Get, "/v1/get_result?id=no-such-task", ("x-key", Key)));
    }

    [Fact]
    public async Task Over_HTTP_the_emulators_errors_have_the_documented_keys()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { AcceptedKeys = [Key], InitialCredits = 0m });
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        const string body = """{"prompt":"a red cube","width":64,"height":64}""";

        ContractFixtures.AssertSameShape(ContractFixtures.Load("bfl-error-402.json"),
            await SendAsync(http, HttpMethod.Post, "/v1/flux-2-flex", ("x-key", Key), body, HttpStatusCode.PaymentRequired));
        ContractFixtures.AssertSameShape(ContractFixtures.Load("bfl-error-403.json"),
            await SendAsync(http, HttpMethod.Post, "/v1/flux-2-flex", ("x-other", Key), body, HttpStatusCode.Forbidden));
        ContractFixtures.AssertSameShape(ContractFixtures.Load("bfl-error-422-key-format.json"),
            await SendAsync(http, HttpMethod.Post, "/v1/flux-2-flex", ("x-key", "short"), body, HttpStatusCode.UnprocessableEntity));
        ContractFixtures.AssertSameShape(ContractFixtures.Load("bfl-error-422-validation.json"),
            await SendAsync(http, HttpMethod.Post, "/v1/flux-2-flex", ("x-key", Key), """{"width":65}""", HttpStatusCode.UnprocessableEntity));
        ContractFixtures.AssertSameShape(ContractFixtures.Load("bfl-error-401.json"),
            await SendAsync(http, HttpMethod.Post, "/v1/flux-2-flex", ("x-key", "wrong-key-0123456789abcdef"), body, HttpStatusCode.Unauthorized));
        ContractFixtures.AssertSameShape(ContractFixtures.Load("comet-error-401.json"),
            await SendAsync(http, HttpMethod.Post, "/flux/v1/flux-2-flex", ("Authorization", "Bearer wrong-key-0123456789abcdef"), body, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public void The_clients_request_hashes_in_the_emulator_like_its_wire_form()
    {
        var request = new FluxBatch.Api.FluxRequest { Prompt = "a fox", Seed = 3, Width = 64, Height = 64, Guidance = 4.5m };

        Assert.Equal(
            RequestHash.Compute("flux-2-flex", """{"prompt":"a fox","seed":3,"width":64,"height":64,"guidance":4.5}"""u8),
            RequestHash.Compute("flux-2-flex", JsonSerializer.SerializeToUtf8Bytes(request, FluxBatch.Api.FluxJsonContext.Default.FluxRequest)));
    }

    private static SampleResult? Result(JsonObject fixture) => fixture["result"] is JsonObject r
        ? new SampleResult((string)r["sample"]!, (string)r["prompt"]!, (long?)r["seed"], (double)r["start_time"]!, (double)r["end_time"]!, (double)r["duration"]!)
        : null;

    private static async Task<JsonObject> SendAsync(
        HttpClient http, HttpMethod method, string path, (string Name, string Value) header, string? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
