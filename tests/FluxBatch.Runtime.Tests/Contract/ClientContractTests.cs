using System.Text.Json;
using System.Text.Json.Nodes;
using FluxBatch.Api;

namespace FluxBatch.Runtime.Tests.Contract;

/// <summary>
/// The client's side of the wire contract: it reads every documented body (Contract/*.json, from flux-api.md) into its
/// own records and gets each field the fixture carries. A misspelt <c>JsonPropertyName</c> in FluxBatch.Api leaves a
/// field empty here, whatever the emulator says.
/// </summary>
public sealed class ClientContractTests
{
    [Theory]
    [InlineData("bfl-submit.json")]
    [InlineData("comet-submit.json")]
    public void A_submit_answer_gives_its_id_polling_url_and_cost(string fixture)
    {
        var json = ContractFixtures.Load(fixture);

        var parsed = JsonSerializer.Deserialize(ContractFixtures.Text(fixture), FluxJsonContext.Default.SubmitResponse)!;

        Assert.Equal((string)json["id"]!, parsed.Id);
        Assert.Equal((string)json["polling_url"]!, parsed.PollingUrl);
        Assert.Equal((decimal?)json["cost"], parsed.Cost);
        Assert.Equal((decimal?)json["input_mp"], parsed.InputMp);
        Assert.Equal((decimal?)json["output_mp"], parsed.OutputMp);
        Assert.Null(parsed.Status);
    }

    [Fact]
    public void BFL_charges_the_submit_in_credits_with_megapixels_to_two_decimals()
    {
        var parsed = JsonSerializer.Deserialize(ContractFixtures.Text("bfl-submit.json"), FluxJsonContext.Default.SubmitResponse)!;

        Assert.Equal(6.3m, parsed.Cost);
        Assert.Equal(1.05m, parsed.OutputMp);
    }

    [Fact]
    public void A_request_moderated_at_submission_gives_its_status_and_details()
    {
        var json = ContractFixtures.Load("bfl-submit-request-moderated.json");

        var parsed = JsonSerializer.Deserialize(json.ToJsonString(), FluxJsonContext.Default.SubmitResponse)!;

        Assert.Equal(TaskStatuses.RequestModerated, parsed.Status);
        Assert.Equal((string)json["status"]!, parsed.Status);
        Assert.Equal((string)json["id"]!, parsed.Id);
        Assert.Contains("Derivative Works Filter", ErrorMessages.FromDetails(parsed.Details), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> PollStatuses => new()
    {
        { "bfl-poll-pending.json", TaskStatuses.Pending },
        { "bfl-poll-generating.json", TaskStatuses.Generating },
        { "bfl-poll-ready.json", TaskStatuses.Ready },
        { "bfl-poll-request-moderated.json", TaskStatuses.RequestModerated },
        { "bfl-poll-content-moderated.json", TaskStatuses.ContentModerated },
        { "bfl-poll-error.json", TaskStatuses.Error },
        { "bfl-poll-failed.json", TaskStatuses.Failed },
        { "bfl-poll-task-not-found.json", TaskStatuses.TaskNotFound },
        { "comet-poll-ready.json", TaskStatuses.Ready },
    };

    [Theory]
    [MemberData(nameof(PollStatuses))]
    public void A_poll_answer_gives_the_status_the_client_knows_by_name_with_progress_and_details(string fixture, string status)
    {
        var json = ContractFixtures.Load(fixture);

        var parsed = JsonSerializer.Deserialize(json.ToJsonString(), FluxJsonContext.Default.PollResponse)!;

        Assert.Equal(status, parsed.Status);
        Assert.Equal((string)json["status"]!, parsed.Status);
        Assert.Equal((string)json["id"]!, parsed.Id);
        Assert.Equal((double?)json["progress"], parsed.Progress);
        Assert.Equal(json["details"]?.ToJsonString(), parsed.Details is { ValueKind: not JsonValueKind.Null } d ? JsonNode.Parse(d.GetRawText())!.ToJsonString() : null);
    }

    [Theory]
    [InlineData("bfl-poll-ready.json")]
    [InlineData("comet-poll-ready.json")]
    public void A_ready_answer_gives_the_sample_url_seed_prompt_and_duration(string fixture)
    {
        var result = ContractFixtures.Load(fixture)["result"]!;

        var parsed = JsonSerializer.Deserialize(ContractFixtures.Text(fixture), FluxJsonContext.Default.PollResponse)!.Result!;

        Assert.Equal((string)result["sample"]!, parsed.Sample);
        Assert.Equal((long)result["seed"]!, parsed.Seed);
        Assert.Equal((string)result["prompt"]!, parsed.Prompt);
        Assert.Equal((double)result["duration"]!, parsed.Duration);
    }

    [Fact]
    public void A_poll_without_a_result_has_none()
    {
        var parsed = JsonSerializer.Deserialize(ContractFixtures.Text("bfl-poll-pending.json"), FluxJsonContext.Default.PollResponse)!;

        Assert.Null(parsed.Result);
    }

    [Fact]
    public void Credits_give_the_balance()
    {
        var parsed = JsonSerializer.Deserialize(ContractFixtures.Text("bfl-credits.json"), FluxJsonContext.Default.CreditsResponse)!;

        Assert.Equal((decimal)ContractFixtures.Load("bfl-credits.json")["credits"]!, parsed.Credits);
    }

    [Theory]
    [InlineData("bfl-error-402.json", "Insufficient credits")]
    [InlineData("bfl-error-403.json", "Not authenticated")]
    [InlineData("bfl-error-422-key-format.json", "Invalid API key format")]
    [InlineData("bfl-error-422-validation.json", "body.width: Input should be a multiple of 16; body.prompt: Field required")]
    [InlineData("bfl-error-401.json", "Unauthorized: The API key is not valid.")]
    [InlineData("bfl-error-429.json", "You have reached the limit of 24 active tasks.")]
    [InlineData("comet-error-429.json", "You have reached the limit of 24 active tasks.")]
    [InlineData("comet-error-401.json", "Invalid token.")]
    public void An_error_body_gives_the_servers_own_message(string fixture, string message) =>
        Assert.Equal(message, ErrorMessages.FromBody(ContractFixtures.Text(fixture)));
}
