using System.Collections.Generic;
using System.Linq;
using FluxBatch.Manifest.Reading;
using FluxBatch.Manifest.Rules;

namespace FluxBatch.Manifest.Schema;

/// <summary>
/// The manifest's JSON Schema (draft-07, which editors' YAML plugins read), generated from the tables the
/// validator itself checks against: the request fields and their ranges (<see cref="RequestFields"/>), the models
/// (<see cref="ModelCatalog"/>), the keys each section accepts, the name rules and the limits. A rule changed in
/// those tables changes the schema; <c>docs/manifest.schema.json</c> is this output, checked by a test.
/// What the schema cannot say (rules across sections, template names, files on disk, sweep sizes) stays with the
/// validator; docs/manifest.md lists which is which.
/// </summary>
public static class ManifestSchema
{
    public const string Id = "https://fluxbatch.dev/manifest.schema.json";

    /// <summary>The schema as indented JSON (LF, final newline).</summary>
    public static string ToJson() => Build().ToJson();

    public static SchemaObject Build()
    {
        var definitions = new SchemaObject();
        foreach (var field in RequestFields.All)
        {
            definitions.Add(ValueRef(field.Name), FieldValue(field));
            definitions.Add(AxisRef(field.Name), Axis(field, stepRequired: true));
            definitions.Add(SampleRef(field.Name), Axis(field, stepRequired: false));
        }

        definitions.Add("size", new SchemaObject
        {
            { "type", "string" },
            { "pattern", ImageSize.TextPattern },
            { "description", "width and height together, WIDTHxHEIGHT, e.g. 1024x1536: each side at least 64 and a multiple of 16" },
        });
        definitions.Add("size-axis", ListOf(Ref("size")));
        definitions.Add("scalar", new SchemaObject { { "type", new[] { "string", "number", "boolean" } } });
        definitions.Add("var-axis", OneOf(ListOf(Ref("scalar")), Range(NumberValue(), stepRequired: true)));
        definitions.Add("var-sample", OneOf(ListOf(Ref("scalar")), Range(NumberValue(), stepRequired: false)));
        definitions.Add("axis-name", AxisName());
        definitions.Add("axes", AxisMap(AxisRef, "size-axis", "var-axis"));
        definitions.Add("combination", Combination());

        return new SchemaObject
        {
            { "$schema", "http://json-schema.org/draft-07/schema#" },
            { "$id", Id },
            { "title", "FluxBatch manifest" },
            { "description", "A declarative batch of FLUX.2 image jobs (docs/manifest.md)." },
            { "type", "object" },
            { "required", new[] { "prompt" } },
            { "additionalProperties", false },
            { "not", new SchemaObject { { "required", new[] { "seed", "seeds" } } } },
            { "if", new SchemaObject
                {
                    { "required", new[] { "model" } },
                    { "properties", new SchemaObject { { "model", new SchemaObject { { "enum", ModelCatalog.Models.Where(m => !ModelCatalog.TakesStepsAndGuidance(m)).ToArray() } } } } },
                } },
            { "then", WithoutFlexOnlyFields() },
            { "properties", TopLevel() },
            { "definitions", definitions },
        };
    }

    private static SchemaObject TopLevel()
    {
        var properties = new SchemaObject
        {
            { "name", new SchemaObject
                {
                    { "type", "string" },
                    { "pattern", ManifestBinder.ManifestNamePattern },
                    { "description", "The manifest's name; also the generated C# preset's name. Default: the file name." },
                } },
            { "model", new SchemaObject { { "enum", ModelCatalog.Models }, { "default", ModelCatalog.Flex } } },
            { "prompt", OneOf(
                new SchemaObject { { "type", "string" }, { "pattern", "\\S" }, { "description", "A Scriban template; unknown names are errors." } },
                new SchemaObject { { "type", "object" }, { "minProperties", 1 }, { "description", "A structured prompt, sent as compact JSON; templates in every string." } }) },
            { "vars", new SchemaObject
                {
                    { "type", "object" },
                    { "description", "Constants visible to every template." },
                    { "propertyNames", VarName() },
                    { "additionalProperties", OneOf(Ref("scalar"), new SchemaObject { { "type", "array" }, { "items", Ref("scalar") } }) },
                } },
            { "defaults", Fields(ValueRef, "size", additional: false, "Request fields for every job; any axis may override them.") },
            { "sweep", Sweep() },
            { "seed", Seed("One fixed seed for every job.") },
            { "seeds", Seeds() },
            { "references", new SchemaObject
                {
                    { "type", "array" },
                    { "maxItems", ApiLimits.MaxReferences },
                    { "items", new SchemaObject
                        {
                            { "type", "string" },
                            { "minLength", 1 },
                            // An https URL, or a relative path: no other scheme, nothing absolute.
                            { "anyOf", new[]
                                {
                                    new SchemaObject { { "pattern", "^[hH][tT][tT][pP][sS]://" } },
                                    new SchemaObject { { "not", new SchemaObject { { "pattern", "(://|^/|^\\\\|^[A-Za-z]:)" } } } },
                                } },
                        } },
                    { "description", "Input images: paths relative to the manifest, or https URLs." },
                } },
            { "budget", Closed(SectionReaders.BudgetKeys, key => key == "shared"
                    ? new SchemaObject
                    {
                        { "type", "string" }, { "pattern", SharedBudgetName.Pattern },
                        { "description", "A ledger kept by the coordinator (--coordinator redis://HOST:PORT): every run naming it, on any machine, spends from the same max_usd." },
                    }
                    : new SchemaObject
                    {
                        { "type", "number" }, { "exclusiveMinimum", 0 }, { "description", "Never spend more than this many US dollars." },
                    }, required: new[] { "max_usd" }) },
            { "concurrency", Integer(1, ApiLimits.MaxConcurrency, "Jobs in flight at once.") },
            { "output", Closed(SectionReaders.OutputKeys, key => new SchemaObject
                    {
                        { "type", "string" },
                        { "pattern", "\\S" },
                        { "default", key == "dir" ? SectionReaders.DefaultOutputDir : SectionReaders.DefaultOutputFile },
                    }) },
            { "prices", Prices() },
            { "provider", new SchemaObject
                {
                    { "anyOf", new[]
                        {
                            new SchemaObject { { "enum", ManifestBinder.Providers } },
                            Closed(ManifestBinder.ProviderBlockKeys, key => key == "name"
                                ? new SchemaObject { { "enum", ManifestBinder.Providers } }
                                : new SchemaObject { { "enum", ManifestBinder.Regions } }),
                        } },
                    { "description", "bfl, comet or emulator; or { name: bfl, region: global | eu | us } for BFL's regional hosts." },
                } },
            { "score", OneOf(
                new SchemaObject { { "type", "boolean" }, { "description", "Score images as they arrive: text fidelity of the prompt's quoted strings, sharpness, colourfulness." } },
                Closed(ScoreReader.Keys, _ => new SchemaObject
                    {
                        { "type", "string" }, { "pattern", "\\S" }, { "description", "The text each image should show, as a template; one string per line." },
                    })) },
            { "cache", new SchemaObject
                {
                    { "type", "string" }, { "pattern", "\\S" },
                    { "description", "Folder of the shared cache of paid results (relative to the manifest's folder): a job already delivered there is copied, not paid again." },
                } },
        };
        return Ordered(properties, ManifestBinder.TopLevelKeys);
    }

    /// <summary>Model ids (BFL's prices) and provider names (bfl, comet) holding model ids, each a closed price mapping.</summary>
    private static SchemaObject Prices()
    {
        SchemaObject Price() => Closed(SectionReaders.PriceKeys, _ => new SchemaObject { { "type", "number" }, { "minimum", 0 } });
        SchemaObject Models() => new()
        {
            { "type", "object" },
            { "propertyNames", new SchemaObject { { "enum", ModelCatalog.Models } } },
            { "additionalProperties", Price() },
        };
        var properties = new SchemaObject();
        foreach (var provider in SectionReaders.PriceProviders)
        {
            properties.Add(provider, Models());
        }
        return new SchemaObject
        {
            { "type", "object" },
            { "propertyNames", new SchemaObject { { "enum", ModelCatalog.Models.Concat(SectionReaders.PriceProviders).ToArray() } } },
            { "properties", properties },
            { "additionalProperties", Price() },
            { "description", "US dollars (per megapixel, or per_request) over the built-in tables: model ids are BFL's prices; bfl: and comet: hold one provider's." },
        };
    }

    private static SchemaObject Sweep()
    {
        var random = Fields(SampleRef, "size-axis", additional: true, "Samples drawn at random, reproducible from `seed`.", "var-sample");
        var randomProperties = (SchemaObject)random.First(p => p.Key == "properties").Value;
        randomProperties.Add("n", Integer(1, SweepReader.MaxRandomSamples, "How many samples to draw."));
        randomProperties.Add("seed", Seed("The sampler's seed."));
        random.Add("required", new[] { "n" });
        // At least one axis besides n and seed.
        random.Add("not", new SchemaObject { { "propertyNames", new SchemaObject { { "enum", SweepReader.RandomKeys } } } });
        // n and seed are the sampler's own keys, not axes.
        var names = random.First(p => p.Key == "propertyNames");
        random = Replace(random, "propertyNames", AnyOf(new SchemaObject { { "enum", SweepReader.RandomKeys } }, (SchemaObject)names.Value));

        var sections = new SchemaObject
        {
            { "grid", Ref("axes") },
            { "zip", OneOf(Ref("axes"), new SchemaObject { { "type", "array" }, { "items", Ref("axes") } }) },
            { "include", new SchemaObject { { "type", "array" }, { "items", Ref("combination") } } },
            { "exclude", new SchemaObject { { "type", "array" }, { "items", Ref("combination") } } },
            { "random", random },
        };
        return new SchemaObject
        {
            { "type", "object" },
            { "additionalProperties", false },
            { "properties", Ordered(sections, SweepReader.Keys) },
        };
    }

    /// <summary>For models other than flux-2-flex: no flex-only field anywhere a request field can be set.</summary>
    private static SchemaObject WithoutFlexOnlyFields()
    {
        SchemaObject Forbidden()
        {
            var properties = new SchemaObject();
            foreach (var field in RequestFields.All.Where(f => f.FlexOnly))
            {
                properties.Add(field.Name, false);
            }

            return new SchemaObject { { "properties", properties } };
        }

        // zip and include/exclude may be lists: "items" applies to a list, "properties" to a mapping.
        SchemaObject MappingOrList() => new() { { "properties", ((SchemaObject)Forbidden().First().Value) }, { "items", Forbidden() } };

        var sweep = new SchemaObject
        {
            { "grid", Forbidden() },
            { "zip", MappingOrList() },
            { "random", Forbidden() },
            { "include", new SchemaObject { { "items", Forbidden() } } },
            { "exclude", new SchemaObject { { "items", Forbidden() } } },
        };
        return new SchemaObject
        {
            { "properties", new SchemaObject { { "defaults", Forbidden() }, { "sweep", new SchemaObject { { "properties", sweep } } } } },
        };
    }

    /// <summary>A mapping of request fields (each by <paramref name="refOf"/>), <c>size</c>, and, when open, other names.</summary>
    private static SchemaObject Fields(System.Func<string, string> refOf, string sizeRef, bool additional, string description, string? additionalRef = null)
    {
        var properties = new SchemaObject();
        foreach (var field in RequestFields.All)
        {
            properties.Add(field.Name, Ref(refOf(field.Name)));
        }

        properties.Add(RequestFields.Size, Ref(sizeRef));
        var schema = new SchemaObject { { "type", "object" }, { "description", description }, { "properties", properties } };
        if (additional)
        {
            schema.Add("propertyNames", Ref("axis-name"));
            schema.Add("additionalProperties", Ref(additionalRef ?? "scalar"));
        }
        else
        {
            schema.Add("additionalProperties", false);
        }

        return schema;
    }

    private static SchemaObject AxisMap(System.Func<string, string> refOf, string sizeRef, string additionalRef) =>
        Fields(refOf, sizeRef, additional: true, "Axes: request fields, `size`, or names the templates use.", additionalRef);

    private static SchemaObject Combination()
    {
        var combination = Fields(ValueRef, "size", additional: true, "A partial combination of axis values.");
        combination.Add("minProperties", 1);
        return combination;
    }

    private static SchemaObject FieldValue(RequestField field)
    {
        var schema = field.Kind switch
        {
            FieldKind.Boolean => new SchemaObject { { "type", "boolean" } },
            FieldKind.Choice => new SchemaObject { { "enum", field.Choices } },
            FieldKind.Dimension => new SchemaObject { { "type", "integer" }, { "minimum", field.Min ?? 0 }, { "multipleOf", 16 } },
            FieldKind.Integer => new SchemaObject { { "type", "integer" }, { "minimum", field.Min ?? 0 }, { "maximum", field.Max ?? 0 } },
            _ => new SchemaObject { { "type", "number" }, { "minimum", field.Min ?? 0 }, { "maximum", field.Max ?? 0 } },
        };
        schema.Add("description", field.Expectation + (field.FlexOnly ? " (flux-2-flex only)" : string.Empty));
        return schema;
    }

    /// <summary>A list of values, or for numeric fields also a range <c>{from, to, step}</c>.</summary>
    private static SchemaObject Axis(RequestField field, bool stepRequired)
    {
        var list = ListOf(Ref(ValueRef(field.Name)));
        return field.Kind is FieldKind.Boolean or FieldKind.Choice
            ? list
            : OneOf(list, Range(Ref(ValueRef(field.Name)), stepRequired, field.Kind == FieldKind.Dimension ? 16 : (int?)null, field.IsIntegerValued));
    }

    private static SchemaObject Range(SchemaObject bound, bool stepRequired, int? stepMultipleOf = null, bool integerStep = false)
    {
        var step = new SchemaObject { { "type", integerStep ? "integer" : "number" }, { "exclusiveMinimum", 0 } };
        if (stepMultipleOf is { } multiple)
        {
            step.Add("multipleOf", multiple);
        }

        return new SchemaObject
        {
            { "type", "object" },
            { "additionalProperties", false },
            { "required", stepRequired ? new[] { "from", "to", "step" } : new[] { "from", "to" } },
            { "properties", new SchemaObject { { SweepReader.RangeKeys[0], bound }, { SweepReader.RangeKeys[1], bound }, { SweepReader.RangeKeys[2], step } } },
        };
    }

    private static SchemaObject NumberValue() => new() { { "type", "number" } };

    private static SchemaObject ListOf(SchemaObject item) => new() { { "type", "array" }, { "minItems", 1 }, { "items", item } };

    private static SchemaObject OneOf(params SchemaObject[] choices) => new() { { "oneOf", choices } };

    private static SchemaObject AnyOf(params SchemaObject[] choices) => new() { { "anyOf", choices } };

    private static SchemaObject Ref(string definition) => new() { { "$ref", "#/definitions/" + definition } };

    /// <summary>
    /// <c>{base, count, vary_with}</c> or <c>{values}</c>, never both (the reader's FLUX3016); seeds and names
    /// distinct (FLUX3017). Whether a <c>vary_with</c> name is an axis needs the sweep: the validator checks that.
    /// </summary>
    private static SchemaObject Seeds()
    {
        var derived = SectionReaders.SeedsKeys.Where(k => k != "values").ToArray();
        var seeds = Closed(SectionReaders.SeedsKeys, key => key switch
        {
            "base" => Seed("Seed k (k = 1..count) is derived from this base and k alone, so every combination runs the same seeds."),
            "count" => Integer(1, SectionReaders.MaxSeedCount, "Seeds per combination."),
            "vary_with" => new SchemaObject
            {
                { "type", "array" },
                { "uniqueItems", true },
                { "items", Ref("axis-name") },
                { "description", "Axes whose values also feed the seeds (by name and value): independent samples per value of these axes." },
            },
            _ => new SchemaObject
            {
                { "type", "array" },
                { "minItems", 1 },
                { "maxItems", SectionReaders.MaxSeedCount },
                { "uniqueItems", true },
                { "items", Seed("A seed.") },
                { "description", "Explicit seeds, run in every combination; not with base, count or vary_with." },
            },
        });
        seeds.Add("dependencies", new SchemaObject
        {
            { "values", new SchemaObject { { "not", AnyOf(derived.Select(k => new SchemaObject { { "required", new[] { k } } }).ToArray()) } } },
        });
        return seeds;
    }

    private static SchemaObject Seed(string description) => Integer(0, SeedRange.Max, description);

    private static SchemaObject Integer(long min, long max, string description) => new()
    {
        { "type", "integer" }, { "minimum", min }, { "maximum", max }, { "description", description },
    };

    /// <summary>A mapping of exactly these keys.</summary>
    private static SchemaObject Closed(IEnumerable<string> keys, System.Func<string, SchemaObject> schemaOf, IEnumerable<string>? required = null)
    {
        var properties = new SchemaObject();
        foreach (var key in keys)
        {
            properties.Add(key, schemaOf(key));
        }

        var schema = new SchemaObject { { "type", "object" }, { "additionalProperties", false }, { "properties", properties } };
        if (required is not null)
        {
            schema.Add("required", required.ToArray());
        }

        return schema;
    }

    /// <summary>The names an axis may not take: managed elsewhere (prompt, seed, model, input images, webhooks) or provided to templates.</summary>
    private static SchemaObject AxisName() => new()
    {
        { "pattern", TemplateNames.IdentifierPattern },
        { "not", AnyOf(
            new SchemaObject { { "enum", ManagedNames().Concat(ProvidedNames()).Distinct().ToArray() } },
            new SchemaObject { { "pattern", "^input_image" } }) },
    };

    /// <summary>Var names: axis names, and not request fields either (those go under defaults or sweep).</summary>
    private static SchemaObject VarName() => new()
    {
        { "pattern", TemplateNames.IdentifierPattern },
        { "not", AnyOf(
            new SchemaObject { { "enum", ManagedNames().Concat(ProvidedNames()).Concat(RequestFields.Names).Append(RequestFields.Size).Distinct().ToArray() } },
            new SchemaObject { { "pattern", "^input_image" } }) },
    };

    private static IEnumerable<string> ManagedNames() =>
        new[] { "prompt", "seed", "model", "webhook_url", "webhook_secret" }.Where(n => RequestFields.ManagedElsewhere(n) is not null);

    private static IEnumerable<string> ProvidedNames() =>
        new[] { TemplateNames.Index, TemplateNames.Name, TemplateNames.Id, TemplateNames.Model }
            .Concat(TemplateNames.ScribanWords.OrderBy(w => w, System.StringComparer.Ordinal))
            .Where(n => TemplateNames.ProvidedReason(n) is not null);

    /// <summary>Properties in the order the validator lists its keys (so the schema reads like the docs); each key once.</summary>
    private static SchemaObject Ordered(SchemaObject properties, IReadOnlyList<string> order)
    {
        var byKey = properties.ToDictionary(p => p.Key, p => p.Value);
        var missing = order.Where(k => !byKey.ContainsKey(k)).Concat(byKey.Keys.Where(k => !order.Contains(k))).ToArray();
        if (missing.Length > 0)
        {
            throw new System.InvalidOperationException("the schema and the validator disagree on the keys: " + string.Join(", ", missing));
        }

        var ordered = new SchemaObject();
        foreach (var key in order)
        {
            ordered.Add(key, byKey[key]);
        }

        return ordered;
    }

    private static SchemaObject Replace(SchemaObject schema, string key, object value)
    {
        var copy = new SchemaObject();
        foreach (var member in schema)
        {
            copy.Add(member.Key, member.Key == key ? value : member.Value);
        }

        return copy;
    }

    private static string ValueRef(string field) => "field-" + field;

    private static string AxisRef(string field) => "axis-" + field;

    private static string SampleRef(string field) => "sample-" + field;
}
