using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FluxBatch.Runtime.Tests.Contract;

/// <summary>
/// The wire contract's JSON fixtures (this folder, copied beside the test assembly) and the comparisons both sides are
/// held to: <see cref="AssertSameFields"/> field by field (values included), <see cref="AssertSameShape"/> keys and
/// kinds only (for live answers whose ids and times differ).
/// </summary>
internal static class ContractFixtures
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contract", name));

    public static JsonObject Load(string name) => JsonNode.Parse(Text(name))!.AsObject();

    /// <summary>Every field of <paramref name="expected"/> in <paramref name="actual"/> with an equal value, and no other field.</summary>
    public static void AssertSameFields(JsonNode? expected, JsonNode? actual, params string[] allowedExtras) =>
        Compare(expected, actual, "$", values: true, allowedExtras);

    /// <summary>The same keys at every level and the same kind of value (null only matches null); values may differ.</summary>
    public static void AssertSameShape(JsonNode? expected, JsonNode? actual, params string[] allowedExtras) =>
        Compare(expected, actual, "$", values: false, allowedExtras);

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, bool values, string[] allowedExtras)
    {
        var expectedKind = expected?.GetValueKind() ?? JsonValueKind.Null;
        var actualKind = actual?.GetValueKind() ?? JsonValueKind.Null;
        Assert.True(SameKind(expectedKind, actualKind), $"{path}: expected {expectedKind}, got {actualKind}");
        switch (expected)
        {
            case JsonObject expectedObject:
                var actualObject = actual!.AsObject();
                var missing = expectedObject.Select(p => p.Key).Where(k => !actualObject.ContainsKey(k)).ToList();
                var extra = actualObject.Select(p => p.Key).Where(k => !expectedObject.ContainsKey(k) && !(path == "$" && allowedExtras.Contains(k))).ToList();
                Assert.True(missing.Count == 0 && extra.Count == 0,
                    $"{path}: missing fields [{string.Join(", ", missing)}], unexpected fields [{string.Join(", ", extra)}]");
                foreach (var (key, value) in expectedObject)
                {
                    Compare(value, actualObject[key], path + "." + key, values, allowedExtras);
                }
                break;
            case JsonArray expectedArray:
                var actualArray = actual!.AsArray();
                if (values)
                {
                    Assert.True(expectedArray.Count == actualArray.Count, $"{path}: expected {expectedArray.Count} items, got {actualArray.Count}");
                }
                for (var i = 0; i < Math.Min(expectedArray.Count, actualArray.Count); i++)
                {
                    Compare(expectedArray[i], actualArray[i], $"{path}[{i}]", values, allowedExtras);
                }
                break;
            case JsonValue when values && expectedKind == JsonValueKind.Number:
                // Numbers compare by value: 1.0 and 1 are the same number on the wire.
                Assert.True(Number(expected) == Number(actual!), $"{path}: expected {expected.ToJsonString()}, got {actual!.ToJsonString()}");
                break;
            case JsonValue when values:
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: expected {expected.ToJsonString()}, got {actual!.ToJsonString()}");
                break;
        }
    }

    private static bool SameKind(JsonValueKind expected, JsonValueKind actual) =>
        expected == actual || (expected is JsonValueKind.True or JsonValueKind.False && actual is JsonValueKind.True or JsonValueKind.False);

    private static decimal Number(JsonNode node) => decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
