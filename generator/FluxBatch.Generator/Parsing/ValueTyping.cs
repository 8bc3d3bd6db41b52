using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FluxBatch.Generator.Model;
using FluxBatch.Manifest.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace FluxBatch.Generator.Parsing;

/// <summary>
/// Chooses a C# type for manifest values and writes them as C# literals. Integers become <c>int</c> when every
/// value fits, else <c>long</c>; any fraction makes the whole set <c>decimal</c> (the manifest's own exact type);
/// maps and mixed kinds have no typed form and are left out of the typed surface.
/// </summary>
internal static class ValueTyping
{
    public static TypeSpec? TypeOf(ManifestValue value) => value switch
    {
        ListValue list => ScalarKindOf(list.Items) is { } kind ? new TypeSpec(kind, IsList: true) : null,
        _ => ScalarKindOf(new[] { value }) is { } scalar ? new TypeSpec(scalar, IsList: false) : null,
    };

    /// <summary>The one scalar type that holds every value, or null when there is none.</summary>
    public static ScalarKind? ScalarKindOf(IEnumerable<ManifestValue> values)
    {
        ScalarKind? kind = null;
        foreach (var value in values)
        {
            var next = KindOf(value);
            if (next is null)
            {
                return null;
            }
            kind = kind is null ? next : Unify(kind.Value, next.Value);
            if (kind is null)
            {
                return null;
            }
        }
        return kind;
    }

    public static string Literal(ManifestValue value, TypeSpec type) =>
        value is ListValue list
            ? $"new {Keyword(type.Scalar)}[] {{ {string.Join(", ", list.Items.Select(item => ScalarLiteral(item, type.Scalar)))} }}"
            : ScalarLiteral(value, type.Scalar);

    public static string ArrayLiteral(IEnumerable<ManifestValue> values, ScalarKind kind) =>
        $"new {Keyword(kind)}[] {{ {string.Join(", ", values.Select(item => ScalarLiteral(item, kind)))} }}";

    public static string Keyword(ScalarKind kind) => kind switch
    {
        ScalarKind.String => "string",
        ScalarKind.Int32 => "int",
        ScalarKind.Int64 => "long",
        ScalarKind.Decimal => "decimal",
        _ => "bool",
    };

    public static string TypeName(TypeSpec type) =>
        type.IsList ? $"global::System.Collections.Generic.IReadOnlyList<{Keyword(type.Scalar)}>" : Keyword(type.Scalar);

    private static string ScalarLiteral(ManifestValue value, ScalarKind kind) => (value, kind) switch
    {
        (StringValue s, _) => SymbolDisplay.FormatLiteral(s.Value, quote: true),
        (BoolValue b, _) => b.Value ? "true" : "false",
        (IntegerValue i, ScalarKind.Int32) => i.Value.ToString(CultureInfo.InvariantCulture),
        (IntegerValue i, ScalarKind.Int64) => i.Value.ToString(CultureInfo.InvariantCulture) + "L",
        (IntegerValue i, _) => i.Value.ToString(CultureInfo.InvariantCulture) + "m",
        (NumberValue n, _) => n.Value.ToString(CultureInfo.InvariantCulture) + "m",
        _ => throw new System.ArgumentException($"No literal for {value.GetType().Name} as {kind}."),
    };

    private static ScalarKind? KindOf(ManifestValue value) => value switch
    {
        StringValue => ScalarKind.String,
        BoolValue => ScalarKind.Boolean,
        IntegerValue i => i.Value is >= int.MinValue and <= int.MaxValue ? ScalarKind.Int32 : ScalarKind.Int64,
        NumberValue => ScalarKind.Decimal,
        _ => null,
    };

    private static ScalarKind? Unify(ScalarKind a, ScalarKind b)
    {
        if (a == b)
        {
            return a;
        }
        if (IsNumber(a) && IsNumber(b))
        {
            return a == ScalarKind.Decimal || b == ScalarKind.Decimal ? ScalarKind.Decimal : ScalarKind.Int64;
        }
        return null;
    }

    private static bool IsNumber(ScalarKind kind) => kind is ScalarKind.Int32 or ScalarKind.Int64 or ScalarKind.Decimal;
}
