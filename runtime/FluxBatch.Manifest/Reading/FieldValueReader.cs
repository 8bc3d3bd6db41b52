using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Rules;
using FluxBatch.Manifest.Yaml;

namespace FluxBatch.Manifest.Reading;

/// <summary>
/// Checks one value of a request field, a <c>size</c>, or a template variable, wherever it appears
/// (defaults, grid, zip, include, exclude, random choices): one rule per field, whatever the section.
/// Returns the value normalised (guidance always a number, sizes as <c>WxH</c>), or null after reporting.
/// </summary>
internal sealed class FieldValueReader
{
    private readonly Expect _expect;

    public FieldValueReader(Expect expect) => _expect = expect;

    public ManifestValue? Read(string name, ManifestValue value)
    {
        if (name == RequestFields.Size)
        {
            return ReadSize(value);
        }

        var field = RequestFields.Find(name);
        return field is null ? ReadVariable(name, value) : ReadField(field, value);
    }

    public ManifestValue? ReadField(RequestField field, ManifestValue value)
    {
        switch (field.Kind)
        {
            case FieldKind.Boolean:
                if (value is BoolValue)
                {
                    return value;
                }

                break;
            case FieldKind.Choice:
                if (value is StringValue choice)
                {
                    if (Contains(field, choice.Value))
                    {
                        return value;
                    }

                    var closest = NameSuggestions.Closest(choice.Value, field.Choices);
                    _expect.Report(DiagnosticDescriptors.NotAllowedValue, value.Position, field.Name,
                        string.Join(" | ", field.Choices), choice.Value, closest is null ? string.Empty : $"; did you mean `{closest}`?");
                    return null;
                }

                break;
            case FieldKind.Dimension:
                if (value is IntegerValue side)
                {
                    if (side.Value > ImageSize.MaxSide)
                    {
                        // Before the pixel rule multiplies it, and before anything converts it to a 32-bit side.
                        _expect.Report(DiagnosticDescriptors.OutOfRange, value.Position, field.Name, ValueText.Plain(value),
                            $"from 64 to {ImageSize.MaxSide.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} (a 4 MP image with a 64-pixel side)");
                        return null;
                    }

                    if (ImageSize.IsValidSide(side.Value))
                    {
                        return value;
                    }

                    _expect.Report(DiagnosticDescriptors.BadDimension, value.Position, field.Name, ValueText.Plain(value));
                    return null;
                }

                break;
            case FieldKind.Integer:
                if (value is IntegerValue integer)
                {
                    return InRange(field, integer.Value, value) ? value : null;
                }

                break;
            case FieldKind.Number:
                if (value is IntegerValue or NumberValue)
                {
                    var number = value is IntegerValue i ? i.Value : ((NumberValue)value).Value;
                    return InRange(field, number, value) ? new NumberValue(number, value.Position) : null;
                }

                break;
        }

        _expect.WrongType(field.Name, field.Expectation, value);
        return null;
    }

    /// <summary>Checks a bound of a range against the field's range (random ranges).</summary>
    public bool InRange(RequestField field, decimal number, ManifestValue at)
    {
        if ((field.Min is { } min && number < min) || (field.Max is { } max && number > max))
        {
            _expect.Report(DiagnosticDescriptors.OutOfRange, at.Position, field.Name, ValueText.Number(number),
                field.Max is null ? $"at least {ValueText.Number(field.Min ?? 0)}" : $"from {ValueText.Number(field.Min ?? 0)} to {ValueText.Number(field.Max.Value)}");
            return false;
        }

        return true;
    }

    private ManifestValue? ReadSize(ManifestValue value)
    {
        if (value is not StringValue text || !ImageSize.TryParse(text.Value, out var size))
        {
            _expect.Report(DiagnosticDescriptors.BadSizeLiteral, value.Position, RequestFields.Size, ValueText.Describe(value));
            return null;
        }

        var valid = true;
        foreach (var (side, label) in new[] { (size.Width, "width"), (size.Height, "height") })
        {
            if (!ImageSize.IsValidSide(side))
            {
                _expect.Report(DiagnosticDescriptors.BadDimension, value.Position, $"size {label}", side);
                valid = false;
            }
        }

        if (valid && size.Pixels > RequestFields.MaxPixels)
        {
            _expect.Report(DiagnosticDescriptors.TooManyPixels, value.Position, size.Width, size.Height, ValueText.Count(size.Pixels), string.Empty);
            valid = false;
        }

        return valid ? new StringValue(size.ToString(), value.Position) : null;
    }

    /// <summary>A template variable's value: any scalar (lists and mappings belong in <c>vars</c>).</summary>
    private ManifestValue? ReadVariable(string name, ManifestValue value)
    {
        if (value is StringValue or IntegerValue or NumberValue or BoolValue)
        {
            return value;
        }

        _expect.WrongType(name, "a scalar (text, number or boolean)", value);
        return null;
    }

    private static bool Contains(RequestField field, string value)
    {
        foreach (var choice in field.Choices)
        {
            if (choice == value)
            {
                return true;
            }
        }

        return false;
    }
}
