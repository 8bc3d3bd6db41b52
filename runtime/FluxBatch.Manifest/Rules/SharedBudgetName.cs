using System.Linq;

namespace FluxBatch.Manifest.Rules;

/// <summary>
/// What <c>budget.shared</c> may be called: it becomes part of the coordinator's keys (<c>fluxbatch:budget:NAME:…</c>),
/// so it stays short and free of separators and spaces.
/// </summary>
internal static class SharedBudgetName
{
    public const int MaxLength = 64;

    /// <summary>The same rule for the JSON schema.</summary>
    public const string Pattern = "^[A-Za-z0-9._-]{1,64}$";

    public static bool IsValid(string name) =>
        name.Length is > 0 and <= MaxLength && name.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-');
}
