using FluxBatch.Emulator.Options;

namespace FluxBatch.Emulator.Faults;

/// <summary>
/// Faults forced by the prompt, for deterministic tests: a prompt containing <c>[[NAME]]</c>, with a name from
/// <see cref="FaultCatalog"/>, gets that fault. Task faults (<c>[[task.error]]</c>…) always decide the task's
/// fate; endpoint faults (<c>[[submit.429]]</c>, <c>[[poll.503]]</c>…) strike the first attempt only (per request
/// body for submits, per task for polls and downloads), so a client that retries correctly gets through.
/// Aliases: <c>[[moderate]]</c> = <c>[[task.request-moderated]]</c>, <c>[[error]]</c> = <c>[[task.error]]</c>.
/// </summary>
public static class PromptTriggers
{
    private static readonly Dictionary<string, FaultKind> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["moderate"] = FaultKind.TaskRequestModerated,
        ["error"] = FaultKind.TaskError,
    };

    /// <summary>The faults a prompt asks for, in the order written; unknown names are ignored (they are just text).</summary>
    public static IReadOnlyList<FaultKind> Parse(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (!prompt.Contains("[[", StringComparison.Ordinal))
        {
            return [];
        }

        var found = new List<FaultKind>();
        var start = prompt.IndexOf("[[", StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = prompt.IndexOf("]]", start + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }
            var name = prompt[(start + 2)..end].Trim();
            if (FaultCatalog.TryGet(name, out var definition))
            {
                found.Add(definition.Kind);
            }
            else if (Aliases.TryGetValue(name, out var alias))
            {
                found.Add(alias);
            }
            start = prompt.IndexOf("[[", end + 2, StringComparison.Ordinal);
        }
        return found;
    }
}
