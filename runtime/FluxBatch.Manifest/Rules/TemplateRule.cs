using System.Collections.Generic;
using System.Linq;
using FluxBatch.Manifest.Diagnostics;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Reading;
using FluxBatch.Manifest.Templates;

namespace FluxBatch.Manifest.Rules;

/// <summary>
/// Compiles every template of the manifest (prompt leaves, output dir and file), then checks: syntax, forbidden
/// builtins, that every name read is defined for every kind of combination (product, each include, random),
/// that no axis goes unused, and a trial render with the first job's values (which also catches runaway loops).
/// </summary>
internal static class TemplateRule
{
    private sealed record Site(string Label, StringValue Source, ManifestTemplate Template, bool IsOutputDir, bool IsOutputFile);

    /// <returns>The request fields that unused axes probably meant (<c>guidence</c> → <c>guidance</c>): names in doubt.</returns>
    public static IReadOnlyCollection<string> Check(RuleContext context, bool promptIsValid)
    {
        var spec = context.Spec;
        var sites = new List<Site>();
        if (promptIsValid)
        {
            var structured = spec.Prompt is MapValue;
            foreach (var leaf in PromptTemplate.StringLeaves(spec.Prompt))
            {
                Compile(context, structured ? "the structured prompt" : "the prompt", leaf, sites, false, false);
            }
        }

        Compile(context, "output.dir", new StringValue(spec.Output.Dir, spec.Output.DirPosition), sites, true, false);
        Compile(context, "output.file", new StringValue(spec.Output.File, spec.Output.FilePosition), sites, false, true);
        if (spec.Score?.Text is { } scoreText)
        {
            Compile(context, ScoreRule.TextLabel, scoreText, sites, false, false);
        }

        var common = CommonNames(spec);
        var shapes = Shapes(context);
        var allAxisNames = new HashSet<string>(context.Axes.Select(a => a.Name).Concat(spec.Sweep.Include.SelectMany(i => i.Values.Select(v => v.Key))).SelectMany(Expand));
        var misspelt = MisspeltAxes(context, sites);
        var namesInDoubt = new HashSet<string>(misspelt.Select(m => m.Meant));
        var undefined = false;
        foreach (var site in sites)
        {
            foreach (var name in site.Template.ReferencedNames)
            {
                var available = site.IsOutputDir ? RunNames(spec) : common;
                if (available.Contains(name) || (site.IsOutputFile && name == TemplateNames.Id))
                {
                    continue;
                }

                if (!site.IsOutputDir && !allAxisNames.Contains(name) && (context.DeclaredNames.Contains(name) || namesInDoubt.Contains(name)))
                {
                    undefined = true; // its declaration was rejected, or its axis is misspelt: reported already
                    continue;
                }

                if (site.IsOutputDir || !allAxisNames.Contains(name))
                {
                    var known = site.IsOutputDir ? available : new HashSet<string>(available.Concat(allAxisNames).Append(TemplateNames.Id));
                    var hint = NameSuggestions.Closest(name, known) is { } close ? $"did you mean `{close}`?" : "defined names: " + string.Join(", ", known.OrderBy(k => k, System.StringComparer.Ordinal));
                    ReportAt(context, DiagnosticDescriptors.UndefinedTemplateVariable, site, site.Template.PositionOf(name), name, site.Label, hint);
                    undefined = true;
                    continue;
                }

                foreach (var shape in shapes.Where(s => !s.Names.Contains(name)))
                {
                    var (line, column) = site.Template.PositionOf(name);
                    context.Expect.Report(DiagnosticDescriptors.CombinationMissesTemplateVariable, shape.Position, shape.Label, name, site.Label,
                        context.Locator.Locate(site.Source, line, column).Line);
                    undefined = true;
                }
            }
        }

        CheckUnusedAxes(context, sites, misspelt);
        if (!undefined && !context.Expect.Diagnostics.HasErrors)
        {
            TrialRender(context, sites, common, shapes.FirstOrDefault());
        }

        return namesInDoubt;
    }

    private static void Compile(RuleContext context, string label, StringValue source, List<Site> sites, bool isDir, bool isFile)
    {
        var template = ManifestTemplate.TryParse(source.Value, out var errors);
        // Scriban reports follow-up errors of the first syntax error at the same place; the first one says it.
        foreach (var error in errors.Where(e => e.Kind == TemplateErrorKind.Forbidden).Concat(errors.Where(e => e.Kind == TemplateErrorKind.Syntax).Take(1)))
        {
            var descriptor = error.Kind == TemplateErrorKind.Forbidden ? DiagnosticDescriptors.ForbiddenTemplateFeature : DiagnosticDescriptors.TemplateSyntaxError;
            var position = context.Locator.Locate(source, error.Line, error.Column);
            if (error.Kind == TemplateErrorKind.Forbidden)
            {
                context.Expect.Report(descriptor, position, error.Subject ?? string.Empty, error.Message);
            }
            else
            {
                context.Expect.Report(descriptor, position, label, error.Message);
            }
        }

        if (template is not null && errors.Count == 0)
        {
            sites.Add(new Site(label, source, template, isDir, isFile));
        }
    }

    /// <summary>Names every job has: vars, defaults, output_format, seed, index, name, model.</summary>
    private static HashSet<string> CommonNames(ManifestSpec spec) => new(
        RunNames(spec)
            .Concat(spec.Defaults.Select(d => d.Key))
            .Concat(new[] { "output_format", TemplateNames.Seed, TemplateNames.Index }));

    /// <summary>Names fixed for the whole run (all the output folder may use): vars, name, model.</summary>
    private static HashSet<string> RunNames(ManifestSpec spec) =>
        new(spec.Vars.Select(v => v.Name).Concat(new[] { TemplateNames.Name, TemplateNames.Model }));

    private sealed record Shape(string Label, SourcePosition Position, HashSet<string> Names, IReadOnlyList<KeyValuePair<string, ManifestValue>> FirstValues);

    /// <summary>The kinds of combination the planner makes, each with the names it sets and its first values.</summary>
    private static List<Shape> Shapes(RuleContext context)
    {
        var shapes = new List<Shape>();
        if (context.HasProduct)
        {
            var axes = context.ProductAxes.ToArray();
            shapes.Add(new Shape("sweep product", context.SweepPosition, new HashSet<string>(axes.Select(a => a.Name).SelectMany(Expand)),
                axes.Select(a => new KeyValuePair<string, ManifestValue>(a.Name, a.Values[0])).ToArray()));
        }

        foreach (var include in context.Spec.Sweep.Include)
        {
            shapes.Add(new Shape("include entry", include.Position, new HashSet<string>(include.Values.Select(v => v.Key).SelectMany(Expand)),
                include.Values.Select(v => new KeyValuePair<string, ManifestValue>(v.Key, v.Value)).ToArray()));
        }

        if (context.Spec.Sweep.Random is { } random)
        {
            var axes = context.RandomAxes.ToArray();
            shapes.Add(new Shape("random sweep", random.Position, new HashSet<string>(axes.Select(a => a.Name).SelectMany(Expand)),
                axes.Select(a => new KeyValuePair<string, ManifestValue>(a.Name, a.Values[0])).ToArray()));
        }

        return shapes;
    }

    /// <summary>A <c>size</c> axis also gives templates <c>width</c> and <c>height</c>.</summary>
    private static IEnumerable<string> Expand(string name) =>
        name == RequestFields.Size ? new[] { name, "width", "height" } : new[] { name };

    /// <summary>Axes that are neither request fields nor used by a template; <c>Meant</c> is the request field one is close to, if any.</summary>
    private static List<(AxisDeclaration Axis, string? Meant)> UnusedAxes(RuleContext context, List<Site> sites)
    {
        var used = new HashSet<string>(sites.SelectMany(s => s.Template.ReferencedNames));
        return context.Axes.Where(a => RequestFields.Find(a.Name) is null && a.Name != RequestFields.Size && !used.Contains(a.Name))
            .Select(a => (a, NameSuggestions.Closest(a.Name, RequestFields.Names)))
            .ToList();
    }

    private static List<(AxisDeclaration Axis, string Meant)> MisspeltAxes(RuleContext context, List<Site> sites) =>
        UnusedAxes(context, sites).Where(u => u.Meant is not null).Select(u => (u.Axis, u.Meant!)).ToList();

    private static void CheckUnusedAxes(RuleContext context, List<Site> sites, List<(AxisDeclaration Axis, string Meant)> misspelt)
    {
        foreach (var (axis, _) in UnusedAxes(context, sites))
        {
            var hint = misspelt.FirstOrDefault(m => m.Axis == axis).Meant is { } field
                ? $"did you mean the request field `{field}`?"
                : $"use it in the prompt as {{{{ {axis.Name} }}}}";
            context.Expect.Report(DiagnosticDescriptors.UnusedAxis, axis.Position, axis.Name, hint);
        }
    }

    /// <summary>Renders every template once with the first job's values: runtime errors and runaway loops surface here, not mid-run.</summary>
    private static void TrialRender(RuleContext context, List<Site> sites, HashSet<string> common, Shape? shape)
    {
        var spec = context.Spec;
        var values = new Dictionary<string, object?>
        {
            [TemplateNames.Name] = spec.Name,
            [TemplateNames.Model] = spec.Model,
            [TemplateNames.Seed] = spec.Seeds.Fixed ?? spec.Seeds.Values?.FirstOrDefault() ?? spec.Seeds.Base,
            [TemplateNames.Index] = 0L,
            [TemplateNames.Id] = "0000000000000000",
            ["output_format"] = RequestFields.DefaultOutputFormat,
        };
        foreach (var v in spec.Vars)
        {
            values[v.Name] = TemplateValues.From(v.Value);
        }

        foreach (var d in spec.Defaults)
        {
            values[d.Key] = TemplateValues.From(d.Value);
        }

        foreach (var pair in shape?.FirstValues ?? new KeyValuePair<string, ManifestValue>[0])
        {
            values[pair.Key] = TemplateValues.From(pair.Value);
            if (pair.Key == RequestFields.Size && pair.Value is StringValue s && ImageSize.TryParse(s.Value, out var size))
            {
                values["width"] = (long)size.Width;
                values["height"] = (long)size.Height;
            }
        }

        foreach (var site in sites)
        {
            try
            {
                var rendered = site.Template.Render(values);
                if (site.Label == ScoreRule.TextLabel)
                {
                    ScoreRule.CheckRenderedText(context, site.Source, rendered);
                }

                if ((site.IsOutputDir || site.IsOutputFile) && !OutputPaths.IsContained(rendered))
                {
                    context.Expect.Report(DiagnosticDescriptors.BadOutputPath, site.Source.Position, site.IsOutputDir ? "dir" : "file",
                        site.IsOutputDir ? "the manifest's folder" : "the run folder", rendered);
                }
            }
            catch (TemplateRenderException ex)
            {
                var error = ex.Error;
                if (error.Kind == TemplateErrorKind.Limit)
                {
                    ReportAt(context, DiagnosticDescriptors.TemplateLimitExceeded, site, (error.Line, error.Column), Capitalize(site.Label), error.Subject ?? "loop", error.Message);
                }
                else
                {
                    ReportAt(context, DiagnosticDescriptors.TemplateRuntimeError, site, (error.Line, error.Column), Capitalize(site.Label) + " (with the first job's values)", error.Message);
                }
            }
        }
    }

    private static void ReportAt(RuleContext context, DiagnosticDescriptor descriptor, Site site, (int Line, int Column) at, params object[] arguments) =>
        context.Expect.Report(descriptor, context.Locator.Locate(site.Source, at.Line, at.Column), arguments);

    private static string Capitalize(string label) => label.Length == 0 ? label : char.ToUpperInvariant(label[0]) + label.Substring(1);
}
