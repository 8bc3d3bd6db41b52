namespace FluxBatch.Emulator.Protocol;

/// <summary>
/// The two wire dialects the emulator speaks beside each other. They share tasks, images, prices and faults; they
/// differ in paths, auth, error bodies and what a submit answers (see docs/emulator.md, "Protocol").
/// </summary>
public enum WireDialect
{
    /// <summary>Black Forest Labs: <c>/v1/{model}</c>, <c>x-key</c>, FastAPI's <c>detail</c> and BFL's <c>{"error","message"}</c>.</summary>
    Bfl,

    /// <summary>
    /// CometAPI's proxy: <c>/flux/v1/{model}</c> and <c>/flux/v1/get_result?id=</c>, <c>Authorization: Bearer KEY</c> or the
    /// bare key, <c>{"error":{"message","type","param","code"}}</c>, no <c>cost</c> in the submit answer.
    /// </summary>
    Comet,
}
