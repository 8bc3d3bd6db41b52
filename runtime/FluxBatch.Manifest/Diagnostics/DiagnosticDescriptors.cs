using System.Collections.Generic;
using System.Linq;

namespace FluxBatch.Manifest.Diagnostics;

/// <summary>
/// Every diagnostic the manifest rules, the planner and the generator report: the one catalogue, read by the CLI, the
/// runtime and the source generator (which builds its Roslyn descriptors from these entries, its own FLUX5xxx checks
/// included). Ids are stable (never reused or renumbered); messages here are the single source of truth for their
/// text. Placeholders are always plain <c>{n}</c>: callers pass already formatted text so messages are
/// culture-independent.
/// </summary>
public static class DiagnosticDescriptors
{
    /// <summary>
    /// Where every id is explained: the page docs/diagnostics.md as the repository's web view shows it. A descriptor's
    /// <see cref="DiagnosticDescriptor.HelpLink"/> is this address and the id's anchor (<c>#flux1008</c>); an absolute
    /// https address, because a relative path in a user's build output opens nothing (docs/diagnostics.md, "Help links").
    /// </summary>
    public const string HelpBaseUrl = "https://github.com/fluxbatch/fluxbatch/blob/main/docs/diagnostics.md";

    private const string Schema = "Schema";
    private const string Template = "Template";
    private const string Sweep = "Sweep";
    private const string Budget = "Budget";
    private const string Generator = "Generator";

    // ---- FLUX1xxx: YAML, schema, types, keys, request fields -------------------------------------------

    public static readonly DiagnosticDescriptor MalformedYaml = Error("FLUX1001", Schema,
        "The manifest is not valid YAML",
        "Malformed YAML: {0}",
        "Fix the YAML syntax at the given position (indentation, a missing `:` or closing quote/bracket).");

    public static readonly DiagnosticDescriptor AliasExpansionTooLarge = Error("FLUX1002", Schema,
        "YAML aliases expand to too many nodes",
        "YAML aliases expand to more than {0} nodes (a \"billion laughs\" document); anchors are fine, but the expanded manifest must stay under that limit",
        "Anchors and aliases may share values; they may not multiply a document into hundreds of thousands of nodes.");

    public static readonly DiagnosticDescriptor UnknownKey = Error("FLUX1003", Schema,
        "Unknown key",
        "Unknown key `{0}` in {1}; {2}",
        "The API silently ignores unknown fields, so a misspelt key would do nothing: FluxBatch rejects it. Use one of the keys listed.");

    public static readonly DiagnosticDescriptor WrongType = Error("FLUX1004", Schema,
        "A value has the wrong type",
        "`{0}` must be {1}, but found {2}",
        "Write the value in the expected form; quote text that YAML would read as a number or boolean.");

    public static readonly DiagnosticDescriptor MissingKey = Error("FLUX1005", Schema,
        "A required key is missing",
        "Missing required key `{0}` in {1}",
        "Add the key; docs/manifest.md lists what each section needs.");

    public static readonly DiagnosticDescriptor DuplicateKey = Error("FLUX1006", Schema,
        "A key appears twice in one mapping",
        "Duplicate key `{0}`; it is already set at line {1}",
        "YAML keeps only one of the two values; remove one of them.");

    public static readonly DiagnosticDescriptor UnknownModel = Error("FLUX1007", Schema,
        "Unknown model",
        "Unknown model `{0}`; {1}",
        "Use one of the hosted FLUX.2 models: flux-2-flex, flux-2-pro, flux-2-max, flux-2-pro-preview, flux-2-klein-4b, flux-2-klein-9b.");

    public static readonly DiagnosticDescriptor OutOfRange = Error("FLUX1008", Schema,
        "A value is out of range",
        "`{0}` is {1}, but must be {2}",
        "Use a value inside the documented range (see docs/manifest.md).");

    public static readonly DiagnosticDescriptor FieldNotSupportedByModel = Error("FLUX1009", Schema,
        "The model does not take this request field",
        "{0} takes no `{1}`; only flux-2-flex takes `steps` and `guidance`",
        "Remove the field (or switch the model to flux-2-flex); the server would ignore it and the sweep would pay for identical images.");

    public static readonly DiagnosticDescriptor BadDimension = Error("FLUX1010", Schema,
        "Width or height is not a valid image dimension",
        "`{0}` is {1}, but must be at least 64 and a multiple of 16",
        "Image sides are at least 64 pixels and multiples of 16, e.g. 1024, 1536.");

    public static readonly DiagnosticDescriptor TooManyPixels = Error("FLUX1011", Schema,
        "An image size exceeds 4 megapixels",
        "{0}x{1} is {2} pixels, but width x height must be at most 4,194,304 (4 MP){3}",
        "Reduce width or height; the API caps images at 2048x2048 = 4,194,304 pixels (and recommends at most 2 MP).");

    public static readonly DiagnosticDescriptor BadSizeLiteral = Error("FLUX1012", Schema,
        "A size is not written as WIDTHxHEIGHT",
        "`{0}` must be a size written WIDTHxHEIGHT, such as 1024x1536, but found {1}",
        "Write sizes as two integers joined by `x`, e.g. `size: [1024x1024, 1536x1024]`.");

    public static readonly DiagnosticDescriptor NotAllowedValue = Error("FLUX1013", Schema,
        "A value is not one of the allowed choices",
        "`{0}` must be one of {1}, but found `{2}`{3}",
        "Use one of the listed values.");

    public static readonly DiagnosticDescriptor NotAMapping = Error("FLUX1014", Schema,
        "The manifest is not a mapping",
        "A manifest must be a YAML mapping of keys (name, model, prompt, ...), but found {0}",
        "Start the file with `name:`, `model:`, `prompt:` and the other keys of docs/manifest.md.");

    public static readonly DiagnosticDescriptor InvalidName = Error("FLUX1015", Schema,
        "A name is not a valid identifier",
        "{0} `{1}` is not valid: {2}",
        "Manifest names become C# preset names and variable names become template names: start with a letter, then letters, digits, `_` (and `-` for manifest names).");

    public static readonly DiagnosticDescriptor MultipleDocuments = Error("FLUX1016", Schema,
        "The file holds more than one YAML document",
        "A manifest file holds exactly one YAML document, but a second one starts here",
        "Put each manifest in its own *.flux.yaml file.");

    public static readonly DiagnosticDescriptor EmptyValue = Error("FLUX1017", Schema,
        "A value is empty",
        "`{0}` must not be empty",
        "Give the key a value, or remove it to use the default.");

    public static readonly DiagnosticDescriptor ReservedName = Error("FLUX1018", Schema,
        "A variable uses a reserved name",
        "`{0}` cannot be a var: {1}",
        "Request fields go under `defaults` or `sweep`; `seed`, `index`, `name`, `id`, `model` and Scriban's builtin objects are provided by FluxBatch.");

    // ---- FLUX2xxx: templates ----------------------------------------------------------------------------

    public static readonly DiagnosticDescriptor TemplateSyntaxError = Error("FLUX2001", Template,
        "A template does not parse",
        "Template syntax error in {0}: {1}",
        "Scriban expressions sit between `{{` and `}}`; check the bracket pairs and the expression.");

    public static readonly DiagnosticDescriptor UndefinedTemplateVariable = Error("FLUX2002", Template,
        "A template uses an undefined variable",
        "Undefined variable `{0}` in {1}; {2}",
        "Templates are strict: define the name under `vars`, sweep it, or set it in `defaults`.");

    public static readonly DiagnosticDescriptor TemplateRuntimeError = Error("FLUX2003", Template,
        "A template fails when rendered",
        "{0} fails when rendered: {1}",
        "The template parsed but failed on real values; see the message for the expression at fault.");

    public static readonly DiagnosticDescriptor TemplateLimitExceeded = Error("FLUX2004", Template,
        "A template runs away",
        "{0} exceeds the {1} limit: {2}",
        "Templates must finish quickly: loops run at most 1,000 iterations, recursion at most 16 levels, output at most 200,000 characters.");

    public static readonly DiagnosticDescriptor ForbiddenTemplateFeature = Error("FLUX2005", Template,
        "A template uses a feature that is not available",
        "`{0}` is not available in manifest templates: {1}",
        "Templates have no file or network access and must be deterministic, so that job ids and seeds reproduce.");

    public static readonly DiagnosticDescriptor CombinationMissesTemplateVariable = Error("FLUX2006", Template,
        "A sweep combination does not set a name a template uses",
        "This {0} does not set `{1}`, which {2} uses (line {3})",
        "Include entries and random samples are combinations of their own: set every swept name the templates use, or move it to `vars`.");

    public static readonly DiagnosticDescriptor TemplateFailsForJob = Error("FLUX2007", Template,
        "A template fails for one of the planned jobs",
        "{0} fails when rendered for job {1} ({2}): {3}",
        "Validation renders templates with the first job's values; this job's values make it fail. Fix the template or the sweep values named in the message.");

    public static readonly DiagnosticDescriptor NothingToScoreAsText = Warning("FLUX2012", Template,
        "There is no text for the text score to read",
        "`score` is set, but the prompt quotes no text and `score.text` is not set: text fidelity will not be scored (sharpness and colourfulness will)",
        "Quote the text each image should show in the prompt (`a poster reading \"OPEN LATE\"`), or give it as `score: { text: \"...\" }`.");

    public static readonly DiagnosticDescriptor ScoreTextRendersEmpty = Error("FLUX2013", Template,
        "The expected text of the text score renders empty",
        "`score.text` renders no text with the first job's values: every image would be scored against nothing",
        "`score.text` is the text each image should show (one string per line); make it render at least one non-blank line, or remove it to use the prompt's quoted strings.");

    // ---- FLUX3xxx: sweep and seeds ----------------------------------------------------------------------

    public static readonly DiagnosticDescriptor EmptyAxis = Error("FLUX3001", Sweep,
        "A sweep axis has no values",
        "Sweep axis `{0}` has no values",
        "Give the axis at least one value, or remove it.");

    public static readonly DiagnosticDescriptor EmptySweep = Error("FLUX3002", Sweep,
        "The sweep produces no jobs",
        "The sweep produces no jobs: {0}",
        "Check the excludes: together they remove every combination.");

    public static readonly DiagnosticDescriptor ZipLengthMismatch = Error("FLUX3003", Sweep,
        "Zipped axes have different lengths",
        "zip axis `{0}` has {1} values, but `{2}` has {3}; zipped axes step together and need the same length",
        "Give every axis of a zip group the same number of values.");

    public static readonly DiagnosticDescriptor InvalidRange = Error("FLUX3004", Sweep,
        "A numeric range is invalid",
        "Range for `{0}` is invalid: {1}",
        "A range is `{from: A, to: B, step: S}` with A <= B and S > 0 (step optional for random ranges).");

    public static readonly DiagnosticDescriptor AxisAlsoVar = Error("FLUX3005", Sweep,
        "A name is both a var and a sweep axis",
        "`{0}` is both a var (line {1}) and a sweep axis; constants go in `vars`, axes only under `sweep`",
        "Remove it from `vars` to sweep it, or from the sweep to keep it constant.");

    public static readonly DiagnosticDescriptor UnknownCombinationKey = Error("FLUX3006", Sweep,
        "An include/exclude entry names an unknown axis",
        "`{0}` in this {1} entry is not {2}; {3}",
        "include entries may set sweep axes and request fields; exclude entries match sweep axes only.");

    public static readonly DiagnosticDescriptor AxisDeclaredTwice = Error("FLUX3007", Sweep,
        "An axis is swept twice",
        "`{0}` is swept twice (also at line {1})",
        "Sweep each name once: in `grid` or in one `zip` group.");

    public static readonly DiagnosticDescriptor SeedsWithPromptUpsampling = Warning("FLUX3008", Sweep,
        "Seeds do not reproduce with prompt upsampling on",
        "Seeds are set but `prompt_upsampling` is {0}: the server rewrites the prompt, so a seed will not reproduce the same image; set `prompt_upsampling: false` in `defaults`",
        "With prompt upsampling the server rewrites each prompt (flux-2-flex defaults to true); reproducible batches send it off.");

    public static readonly DiagnosticDescriptor SeedAndSeeds = Error("FLUX3009", Sweep,
        "Both `seed` and `seeds` are given",
        "Use either `seed` (one fixed seed) or `seeds` (derived seeds), not both; `seed` is also set at line {0}",
        "Keep one of the two keys.");

    public static readonly DiagnosticDescriptor AxisNotAllowed = Error("FLUX3010", Sweep,
        "This name cannot be swept",
        "`{0}` cannot be a sweep axis: {1}",
        "Seeds come from `seed`/`seeds`, the model and prompt are fixed per manifest; sweep template variables instead.");

    public static readonly DiagnosticDescriptor SizeConflict = Error("FLUX3011", Sweep,
        "`size` conflicts with width/height",
        "`size` sets width and height together, so `{0}` cannot also be set in {1}",
        "Use either a `size` axis or separate `width`/`height` values.");

    public static readonly DiagnosticDescriptor UnusedAxis = Error("FLUX3012", Sweep,
        "An axis changes nothing",
        "Sweep axis `{0}` is neither a request field nor used by any template, so its jobs would be identical; {1}",
        "Use the name in the prompt (e.g. `{{ name }}`), or fix its spelling if it was meant to be a request field.");

    public static readonly DiagnosticDescriptor HugeSweepWithoutBudget = Error("FLUX3013", Sweep,
        "A large sweep has no budget",
        "The sweep plans {0} jobs, more than the {1} allowed without a budget; add `budget: {{ max_usd: ... }}`",
        "Large sweeps spend real money: give them a `budget.max_usd` so the plan is refused if its estimate exceeds it.");

    public static readonly DiagnosticDescriptor SweepTooLarge = Error("FLUX3014", Sweep,
        "The sweep is too large to plan",
        "The sweep plans {0} jobs, more than the limit of {1}",
        "Split the manifest; a single plan holds at most 100,000,000 jobs.");

    public static readonly DiagnosticDescriptor VaryWithNotAnAxis = Error("FLUX3015", Sweep,
        "`seeds.vary_with` names no axis",
        "`{0}` in `seeds.vary_with` is not an axis of the sweep; {1}",
        "List axes of `grid`, `zip` or `random`, or keys of `include` entries: their values then feed the seeds, so each value gets its own samples.");

    public static readonly DiagnosticDescriptor SeedValuesWithDerivation = Error("FLUX3016", Sweep,
        "`seeds.values` is combined with derived seeds",
        "`seeds.values` lists the seeds to run, so `seeds.{0}` cannot be set beside it; use either `values` or `base`/`count`",
        "`values: [11, 42]` runs exactly those seeds in every combination; `base`, `count` and `vary_with` derive seeds instead. Keep one form.");

    public static readonly DiagnosticDescriptor SeedListedTwice = Error("FLUX3017", Sweep,
        "A seed or axis is listed twice",
        "`{0}` is listed twice in `seeds.{1}` (also at line {2})",
        "Each seed runs once per combination and each axis feeds the seeds once: remove the repeat.");

    // ---- FLUX4xxx: budget, cost, references, output ---------------------------------------------------------

    public static readonly DiagnosticDescriptor BudgetNotPositive = Error("FLUX4001", Budget,
        "The budget is not positive",
        "`budget.max_usd` must be greater than 0, but found {0}",
        "Set the most the run may spend, in US dollars, e.g. `budget: { max_usd: 5.00 }`.");

    public static readonly DiagnosticDescriptor EstimateExceedsBudget = Error("FLUX4002", Budget,
        "The cost estimate exceeds the budget",
        "The plan's estimated cost ${0} for {1} jobs exceeds the budget of ${2}",
        "Raise `budget.max_usd`, or shrink the sweep (fewer values, seeds or megapixels). Nothing was submitted.");

    public static readonly DiagnosticDescriptor BadSharedBudgetName = Error("FLUX4025", Budget,
        "The shared budget's name is not usable",
        "`budget.shared` must be 1 to 64 letters, digits, '.', '_' or '-', but found '{0}'",
        "The name keys the team's ledger on the coordinator (e.g. `shared: team-december`); every run naming it spends from the same money.");

    public static readonly DiagnosticDescriptor SharedBudgetWithoutCoordinator = Error("FLUX4026", Budget,
        "A shared budget needs a shared coordinator",
        "`budget.shared: {0}` is kept by a coordinator that every run reaches, but this run has {1}",
        "Pass `--coordinator redis://HOST:PORT` (or set FLUXBATCH_COORDINATOR), or remove `shared:` to give this run folder a budget of its own. Nothing was submitted.");

    public static readonly DiagnosticDescriptor TooManyReferencesForModel = Error("FLUX4016", Budget,
        "Too many reference images for the model",
        "{0} reference images are given, but {1} takes at most {2}",
        "BFL's published table of multi-reference limits (black-forest-labs/skills, bfl-api/SKILL.md) gives FLUX.2 [klein] 4 images and pro/max/flex 8; use fewer references or another model.");

    public static readonly DiagnosticDescriptor TooManyReferences = Error("FLUX4003", Budget,
        "Too many reference images",
        "{0} reference images are given, but the API accepts at most 8",
        "The API takes input_image .. input_image_8; remove references beyond the eighth.");

    public static readonly DiagnosticDescriptor ReferenceNotFound = Error("FLUX4004", Budget,
        "A reference image does not exist",
        "Reference image `{0}` not found (looked for {1})",
        "Reference paths are relative to the manifest's folder.");

    public static readonly DiagnosticDescriptor BadReference = Error("FLUX4005", Budget,
        "A reference is neither a relative path nor an https URL",
        "Reference `{0}` must be a path relative to the manifest or an https:// URL",
        "Use a path such as `refs/logo.png` or an URL starting with https://.");

    public static readonly DiagnosticDescriptor NoPriceForModel = Error("FLUX4006", Budget,
        "No price is known for the model",
        "No price is known for model `{0}` at provider {1}; add it under `prices:` so that the run can be estimated and budgeted",
        "BFL's built-in table prices every FLUX.2 model; CometAPI's lists only flux-2-flex (per request). Give the model a price for that provider: `prices: { comet: { flux-2-pro: { per_request: 0.03 } } }`.");

    public static readonly DiagnosticDescriptor BadOutputPath = Error("FLUX4007", Budget,
        "An output path leaves the run folder",
        "`output.{0}` must be a relative path that stays inside {1}, but found `{2}`",
        "Output paths are relative and may not contain `..` segments, so a manifest cannot write outside its folder.");

    public static readonly DiagnosticDescriptor ReferenceUnreadable = Error("FLUX4008", Budget,
        "A reference image cannot be read",
        "Reference image `{0}` cannot be read: {1}",
        "The file exists but could not be read (permissions, a folder, or it changed); fix it and plan again.");

    public static readonly DiagnosticDescriptor ReferenceOutsideRoots = Error("FLUX4009", Budget,
        "A reference image lies outside the manifest's folder",
        "Reference image `{0}` {1}",
        "A reference is sent to the API: its real path (symlinks resolved) must lie inside the manifest's folder or the git work tree holding it. Pass `--allow-references DIR` to `run` to allow another folder.");

    public static readonly DiagnosticDescriptor ReferenceNotRegularFile = Error("FLUX4010", Budget,
        "A reference image is not a regular file of at most 20 MB",
        "Reference image `{0}` cannot be sent: {1}",
        "References are regular files of at most 20 MB; FIFOs, devices, folders and empty files are refused before anything is read.");

    public static readonly DiagnosticDescriptor ReferenceNotAnImage = Error("FLUX4011", Budget,
        "A reference image is not a PNG, JPEG or WebP image",
        "Reference image `{0}` is not a usable image: {1}",
        "The API takes PNG, JPEG and WebP references; the format is read from the file's first bytes, not its name.");

    public static readonly DiagnosticDescriptor OutputPathCollision = Error("FLUX4012", Budget,
        "Two jobs would write the same output file",
        "`output.file` gives {0} and {1} {2} (`{3}`, `{4}`): one image would overwrite the other and every rerun would pay again",
        "Put a value that differs between the jobs into `output.file` (`{{ seed }}`, `{{ index }}` or `{{ id }}`); paths are compared case-insensitively, as on macOS and Windows, after `handleize` and `downcase`.");

    public static readonly DiagnosticDescriptor ReservedOutputName = Error("FLUX4013", Budget,
        "An output path uses a name the run folder reserves",
        "`output.file` gives {0} the path `{1}`, but {2}",
        "The run folder holds journal.db (and its -wal, -shm, -journal files), run.lock, run.json and index.html, and a `.json` sidecar beside each image; choose another name.");

    public static readonly DiagnosticDescriptor OutputFileFolderConflict = Error("FLUX4014", Budget,
        "An output file is also another job's folder",
        "`output.file` gives {0} the file `{1}`, but {2} writes `{3}` inside a folder of that name",
        "A path cannot be both a file and a folder; make the folder part of every path, or none.");

    public static readonly DiagnosticDescriptor OutputSegmentTooLong = Error("FLUX4015", Budget,
        "An output path has a segment longer than 255 bytes",
        "`output.file` gives {0} a segment `{1}` of {2} bytes (with its .json sidecar), more than the {3} file systems take",
        "Shorten the values that go into `output.file` (`{{ prompt | string.truncate 80 }}`), or use `{{ id }}` in the name.");

    // ---- FLUX5xxx: the source generator's own checks (C# names, several manifests at once) ---------------
    // Reported only by the generator; the CLI never looks at C# names. Details in docs/generator.md.

    public static readonly DiagnosticDescriptor UnreadableManifest = Error("FLUX5001", Generator,
        "A manifest file could not be read",
        "The manifest '{0}' could not be read by the compiler",
        "Check that the file listed in `AdditionalFiles` exists and is readable.");

    public static readonly DiagnosticDescriptor InvalidPresetName = Error("FLUX5002", Generator,
        "A manifest name must make a C# type name",
        "The manifest name '{0}' becomes '{1}', which cannot name a preset: {2}",
        "Rename the manifest: it must start with a letter and not become a name the generated code uses itself (`Plan`, `Model`, `Variables`, ...).");

    public static readonly DiagnosticDescriptor MemberNameClash = Error("FLUX5003", Generator,
        "Two manifest keys become the same C# member",
        "'{0}' and '{1}' both become the member '{2}' of preset {3}; rename one of them",
        "Keys are PascalCased into members (`font_size` and `fontSize` both give `FontSize`): rename one.");

    public static readonly DiagnosticDescriptor DuplicatePresetName = Error("FLUX5004", Generator,
        "Two manifests make presets of the same name",
        "The preset {0} is also made by '{1}'; give one of the manifests another name",
        "Preset names are compared ignoring case and neither clashing preset is emitted: rename one manifest.");

    public static readonly DiagnosticDescriptor ReservedMemberName = Error("FLUX5005", Generator,
        "A manifest key must make a usable C# member name",
        "'{0}' becomes the member '{1}', which preset {2} cannot declare: {3}; rename it",
        "Rename the key: it must make a valid C# name that the preset does not already use (`Equals`, `ToString`, the preset's own name, ...).");

    /// <summary>Every descriptor, ordered by id.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
        typeof(DiagnosticDescriptors).GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, System.StringComparer.Ordinal)
            .ToArray();

    /// <summary>The descriptor with this id, or null.</summary>
    public static DiagnosticDescriptor? Find(string id) =>
        All.FirstOrDefault(d => string.Equals(d.Id, id, System.StringComparison.Ordinal));

    private static DiagnosticDescriptor Error(string id, string category, string title, string format, string help) =>
        new(id, title, format, category, DiagnosticSeverity.Error, help);

    private static DiagnosticDescriptor Warning(string id, string category, string title, string format, string help) =>
        new(id, title, format, category, DiagnosticSeverity.Warning, help);
}
