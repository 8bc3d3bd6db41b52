using System.Net;
using FluxBatch.Emulator.Delivery;
using FluxBatch.Emulator.Options;
using FluxBatch.Emulator.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FluxBatch.Emulator;

/// <summary>
/// Starts a local emulator of the FLUX.2 API: Kestrel on 127.0.0.1 only, minimal-API endpoints under the real
/// paths, quiet unless asked to log.
/// </summary>
public static class EmulatorServer
{
    /// <summary>Requests can carry up to eight base64 reference images.</summary>
    private const long MaxRequestBodyBytes = 128L * 1024 * 1024;

    /// <summary>Starts an emulator and returns once it accepts connections. Throws <see cref="ArgumentException"/> on invalid options.</summary>
    public static async Task<RunningEmulator> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();

        // The empty builder reads no appsettings.json, environment variables or command line: the emulator takes
        // its settings from EmulatorOptions alone, so nothing in the user's folder can open another port, and no
        // file watchers are created per instance (tests start many).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            if (options.PollingPort is { } pollingPort)
            {
                // A second loopback port, standing for the cluster host a BFL polling_url names.
                kestrel.Listen(IPAddress.Loopback, pollingPort);
            }
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        });
        builder.Services.AddRoutingCore();
        if (options.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole();
        }
        // The host must not take Ctrl-C from the process that embeds it (the CLI handles its own signals).
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();

        var app = builder.Build();
        var state = new EmulatorState(options);
        MapEndpoints(app, state);
        await app.StartAsync(cancellationToken);

        // Addresses are listed in the order the endpoints were configured: the API port first, then the polling port.
        var ports = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address).Port).ToArray();
        state.BaseUrl = $"http://127.0.0.1:{ports[0]}";
        state.PollingPort = options.PollingPort is null ? 0 : ports[1];
        state.PollingBaseUrl = options.PollingPort is null ? state.BaseUrl : $"http://127.0.0.1:{ports[1]}";
        return new RunningEmulator(app, state);
    }

    /// <summary>The path prefix of CometAPI's FLUX routes (<c>https://api.cometapi.com/flux/v1/…</c>).</summary>
    public const string CometPrefix = "/flux";

    private static void MapEndpoints(WebApplication app, EmulatorState state)
    {
        var submit = new SubmitEndpoint(state);
        var poll = new PollEndpoint(state);
        var delivery = new DeliveryEndpoint(state);

        app.MapGet("/v1/get_result", (HttpContext context) => poll.Handle(context, onCluster: false, WireDialect.Bfl));
        if (state.Options.ClusterPrefix.Length > 0)
        {
            app.MapGet(state.Options.ClusterPrefix + "/v1/get_result", (HttpContext context) => poll.Handle(context, onCluster: true, WireDialect.Bfl));
        }
        app.MapGet("/v1/credits", (HttpContext context) =>
            state.Auth.Check(context.Request) is { Failure: { } failure }
                ? failure
                : Results.Json(new CreditsBody(state.Ledger.Balance), EmulatorJson.Wire.CreditsBody));
        app.MapPost("/v1/{model}", (HttpContext context, string model) => submit.HandleAsync(context, model, WireDialect.Bfl));

        // CometAPI's dialect beside BFL's (its API reference: POST /flux/v1/{model}, GET /flux/v1/get_result?id=).
        app.MapGet(CometPrefix + "/v1/get_result", (HttpContext context) => poll.Handle(context, onCluster: false, WireDialect.Comet));
        app.MapPost(CometPrefix + "/v1/{model}", (HttpContext context, string model) => submit.HandleAsync(context, model, WireDialect.Comet));
        app.MapGet(SampleUrlSigner.PathPrefix + "{fileName}", (HttpContext context, string fileName) => delivery.HandleAsync(context, fileName));
        app.MapFallback((HttpContext context) => Answers.NotFound(
            context.Request.Path.StartsWithSegments(CometPrefix, StringComparison.Ordinal) ? WireDialect.Comet : WireDialect.Bfl));
    }

    /// <summary>A host lifetime that neither listens for console signals nor prints anything.</summary>
    private sealed class EmbeddedHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
