namespace FluxBatch.Manifest.Rules;

/// <summary>
/// The API's numeric limits and FluxBatch's defaults that follow from them, each named once: the manifest rules, the
/// JSON Schema, the executor's options, the reference inliner and the emulator read them from here. Public because
/// those live in other assemblies (the runtime and the emulator do not see this library's internals).
/// </summary>
public static class ApiLimits
{
    /// <summary>
    /// Most reference images a request carries: <c>input_image</c> .. <c>input_image_8</c> (flux-api.md, "at most 8
    /// references through the API"; 10 is the web playground only).
    /// </summary>
    public const int MaxReferences = 8;

    /// <summary>
    /// Most reference images the klein models take (black-forest-labs/skills, <c>skills/bfl-api/SKILL.md</c>,
    /// "Multi-Reference I2I").
    /// </summary>
    public const int KleinMaxReferences = 4;

    /// <summary>Active tasks an account may have at once (flux-api.md, 429: "24 active tasks per account").</summary>
    public const int ActiveTasksPerAccount = 24;

    /// <summary>Most jobs in flight a manifest may ask for: more than the account's active tasks would only collect 429s.</summary>
    public const int MaxConcurrency = ActiveTasksPerAccount;

    /// <summary>Jobs in flight when neither the manifest nor <c>--concurrency</c> says: a few, well under the account's 24.</summary>
    public const int DefaultConcurrency = 4;
}
