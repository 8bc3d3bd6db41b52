namespace FluxBatch.Manifest.Rules;

/// <summary>
/// Seeds a manifest may write (and derived seeds should stay within): 0 to 2,147,483,647, the non-negative
/// 32-bit range, which every reading of the API's integer seed accepts.
/// </summary>
public static class SeedRange
{
    public const long Max = int.MaxValue;
}
