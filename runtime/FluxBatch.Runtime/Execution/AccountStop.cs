using FluxBatch.Api;

namespace FluxBatch.Execution;

/// <summary>
/// The answers that say something about the account or the endpoint rather than the job: a bad, malformed or missing
/// key (401, 403, 422 "Invalid API key format"), no credits (402), or a submit path that does not exist (404, a wrong
/// base URL). Every job would get the same answer, so the run stops at the first with one line, and the job goes back
/// to "planned": a rerun with a good key or URL submits it, where recording it failed would make that rerun do nothing.
/// </summary>
internal static class AccountStop
{
    public static bool StopsTheRun(FluxErrorKind kind) =>
        kind is FluxErrorKind.OutOfCredits or FluxErrorKind.Forbidden or FluxErrorKind.EndpointNotFound;

    /// <summary>The run's stop reason: what the server said and what to do about it.</summary>
    public static string Reason(string provider, FluxApiException e) => e.Kind switch
    {
        FluxErrorKind.OutOfCredits => $"{provider} refused the account: out of credits ({e.Message}); the run stopped, jobs stay planned",
        FluxErrorKind.EndpointNotFound => $"{provider} has no such endpoint ({e.Message}): check --base-url and --provider; the run stopped, jobs stay planned",
        _ => $"{provider} refused the API key ({e.Message}): check the key; the run stopped, jobs stay planned",
    };
}
