using System.Globalization;
using System.Text.RegularExpressions;

namespace FluxBatch.Manifest.Rules;

/// <summary>A <c>size</c> value such as <c>1024x1536</c>: width then height.</summary>
public readonly record struct ImageSize(int Width, int Height)
{
    /// <summary>The accepted spelling of a size (also the JSON Schema's pattern).</summary>
    internal const string TextPattern = @"^\s*([0-9]{1,6})\s*[xX×]\s*([0-9]{1,6})\s*$";
    private static readonly Regex Pattern = new(TextPattern, RegexOptions.CultureInvariant);

    public long Pixels => (long)Width * Height;

    public static bool TryParse(string text, out ImageSize size)
    {
        var match = Pattern.Match(text);
        if (!match.Success)
        {
            size = default;
            return false;
        }

        size = new ImageSize(
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>The canonical text, <c>WIDTHxHEIGHT</c>.</summary>
    public override string ToString() => Width.ToString(CultureInfo.InvariantCulture) + "x" + Height.ToString(CultureInfo.InvariantCulture);

    /// <summary>The longest side any accepted image can have: 4,194,304 pixels (4 MP) over the shortest side, 64.</summary>
    public const long MaxSide = 4_194_304 / 64;

    /// <summary>At least 64 and a multiple of 16 (flux-api.md).</summary>
    public static bool IsValidSide(long side) => side >= 64 && side % 16 == 0;
}
