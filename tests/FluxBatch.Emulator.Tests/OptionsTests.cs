using FluxBatch.Emulator.Options;

namespace FluxBatch.Emulator.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_match_the_real_api()
    {
        var options = new EmulatorOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(0, options.Port);
        Assert.Equal(24, options.MaxActiveTasksPerKey);
        Assert.Equal(TimeSpan.FromMinutes(10), options.SampleUrlLifetime);
        Assert.Equal(TimeSpan.FromMinutes(10), options.TaskRetention);
        Assert.Equal(LatencySpec.Zero, options.Latency);
        Assert.Empty(options.Faults.Rates);
    }

    [Fact]
    public void Every_problem_is_listed()
    {
        var options = new EmulatorOptions
        {
            Port = 70000,
            MaxActiveTasksPerKey = 0,
            SampleUrlLifetime = TimeSpan.Zero,
            TaskRetention = TimeSpan.FromSeconds(-1),
            ClusterPrefix = "eu2/",
            TaskNotFoundStatusCode = 500,
            Latency = LatencySpec.Uniform(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)),
        };

        Assert.Equal(7, options.Validate().Count);
        Assert.Throws<ArgumentException>(options.EnsureValid);
    }

    [Theory]
    [InlineData("0", LatencyDistribution.Fixed, 0, 0)]
    [InlineData("250ms", LatencyDistribution.Fixed, 250, 0)]
    [InlineData("1.5s", LatencyDistribution.Fixed, 1500, 0)]
    [InlineData("uniform:100ms..300ms", LatencyDistribution.Uniform, 100, 300)]
    [InlineData("normal:2s,500ms", LatencyDistribution.Normal, 2000, 500)]
    [InlineData("exp:1m", LatencyDistribution.Exponential, 60000, 0)]
    [InlineData("model", LatencyDistribution.Model, 2000, 400)]
    [InlineData("model:1s+250ms", LatencyDistribution.Model, 1000, 250)]
    [InlineData("model/100", LatencyDistribution.Model, 2000, 400)]
    [InlineData("model:3s+1s/20", LatencyDistribution.Model, 3000, 1000)]
    public void Latency_parses_and_round_trips(string text, LatencyDistribution distribution, double first, double second)
    {
        var spec = LatencySpec.Parse(text);

        Assert.Equal(distribution, spec.Distribution);
        Assert.Equal(first, spec.First.TotalMilliseconds);
        Assert.Equal(second, spec.Second.TotalMilliseconds);
        Assert.Equal(spec, LatencySpec.Parse(spec.ToString()));
    }

    [Theory]
    [InlineData("200")]
    [InlineData("fast")]
    [InlineData("uniform:100ms")]
    [InlineData("gamma:1s")]
    [InlineData("model:2s")]
    [InlineData("model/0")]
    [InlineData("model/fast")]
    public void Bad_latency_text_is_a_format_error(string text) =>
        Assert.Throws<FormatException>(() => LatencySpec.Parse(text));

    [Fact]
    public void The_latency_model_is_base_plus_per_step_times_steps_times_megapixels_scaled_down()
    {
        var model = LatencySpec.Parse("model");

        Assert.Equal(TimeSpan.FromMilliseconds(2000 + (400 * 12 * 1.0)), model.Sample(0.3, 0.7, new GenerationWork(12, 1.0m)));
        Assert.Equal(TimeSpan.FromMilliseconds(2000 + (400 * 50 * 1.58)), model.Sample(0.3, 0.7, new GenerationWork(50, 1.58m)));
        Assert.Equal(TimeSpan.FromMilliseconds((2000 + (400 * 50 * 1.58)) / 20), LatencySpec.EmbeddedDefault.Sample(0, 0, new GenerationWork(50, 1.58m)));
        // The other forms ignore the work: --latency 250ms still means 250 ms for every task.
        Assert.Equal(TimeSpan.FromMilliseconds(250), LatencySpec.Parse("250ms").Sample(0.3, 0.7, new GenerationWork(50, 4m)));
    }

    [Fact]
    public async Task A_task_with_more_steps_and_pixels_takes_longer_under_the_model()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var harness = await Harness.StartAsync(new EmulatorOptions { Latency = LatencySpec.Parse("model"), TimeProvider = time });

        async Task<TimeSpan> Duration(string body)
        {
            var id = (await harness.SubmitOkAsync(body)).GetProperty("id").GetString()!;
            var task = harness.Emulator.FindTask(id)!;
            return task.CompletesAt - task.CreatedAt;
        }

        var few = await Duration(Harness.Body(size: 1024, extra: "\"steps\":12"));
        var many = await Duration(Harness.Body(size: 1024, extra: "\"steps\":50"));
        var bigger = await Duration(Harness.Body(size: 2048, extra: "\"steps\":50"));

        Assert.Equal(TimeSpan.FromMilliseconds(2000 + (400 * 12 * 1.05)), few);
        Assert.True(few < many && many < bigger, $"{few} < {many} < {bigger}");
    }

    [Fact]
    public void Latency_draws_follow_their_distribution()
    {
        var uniform = LatencySpec.Parse("uniform:100ms..300ms");
        var normal = LatencySpec.Parse("normal:100ms,1s");
        var exponential = LatencySpec.Parse("exp:200ms");

        Assert.Equal(200, uniform.Sample(0.5, 0).TotalMilliseconds);
        Assert.Equal(100, uniform.Sample(0, 0).TotalMilliseconds);
        // A normal draw far below zero is clamped: latency is never negative.
        Assert.Equal(TimeSpan.Zero, normal.Sample(0.999, 0.5));
        // The exponential's median is mean * ln 2.
        Assert.Equal(200 * Math.Log(2), exponential.Sample(0.5, 0).TotalMilliseconds, 3);
    }

    [Fact]
    public void Fault_rates_parse_by_catalogue_name()
    {
        var rates = FaultRates.Parse(["poll.503=0.2", "submit.429=0.1", "task.content-moderated=1"]);

        Assert.Equal(0.2, rates[FaultKind.Poll503]);
        Assert.Equal(0.1, rates[FaultKind.SubmitRateLimited]);
        Assert.Equal(1.0, rates[FaultKind.TaskContentModerated]);
        Assert.Equal(0, rates[FaultKind.Download500]);
        Assert.Equal(rates, FaultRates.Parse(rates.ToString().Split(' ')));
    }

    [Theory]
    [InlineData("poll.504=0.1")]
    [InlineData("poll.503")]
    [InlineData("poll.503=often")]
    public void Bad_fault_text_is_a_format_error(string text) =>
        Assert.Throws<FormatException>(() => FaultRates.Parse([text]));

    [Fact]
    public void Rate_outside_zero_to_one_is_invalid() =>
        Assert.Contains(FaultRates.Parse(["download.slow=-0.5"]).Validate(), p => p.Contains("outside [0, 1]", StringComparison.Ordinal));

    [Fact]
    public void Every_catalogue_name_is_a_trigger()
    {
        foreach (var definition in FaultCatalog.All)
        {
            Assert.Equal(new[] { definition.Kind }, Faults.PromptTriggers.Parse($"a fox [[{definition.Name}]] in snow"));
        }
        Assert.Empty(Faults.PromptTriggers.Parse("a fox [[not-a-fault]] [[unclosed"));
    }

    [Theory]
    [InlineData("0123456789abcdef", true)]
    [InlineData("7d3c2f0e-8f5a-4c61-9b1e-2a4d6c8e0f12", true)]
    [InlineData("emu_0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789abcde", false)]
    [InlineData("Bearer 0123456789abcdef", false)]
    [InlineData("0123456789abcdef\n", false)]
    public void Key_format(string key, bool wellFormed) => Assert.Equal(wellFormed, ApiKeyFormat.IsWellFormed(key));
}
