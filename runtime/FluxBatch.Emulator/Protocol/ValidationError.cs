using System.Text.Json.Serialization;

namespace FluxBatch.Emulator.Protocol;

/// <summary>One entry of a FastAPI 422 body: <c>{"loc":["body","steps"],"msg":"…","type":"…"}</c>.</summary>
internal sealed record ValidationError(
    [property: JsonPropertyName("loc")] IReadOnlyList<string> Loc,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("type")] string Type)
{
    public static ValidationError Body(string field, string msg, string type) => new(["body", field], msg, type);
}
