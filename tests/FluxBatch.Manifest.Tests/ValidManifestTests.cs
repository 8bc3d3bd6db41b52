using FluxBatch.Manifest;
using FluxBatch.Manifest.Model;
using FluxBatch.Manifest.Templates;

namespace FluxBatch.Manifest.Tests;

public sealed class ValidManifestTests
{
    private static ManifestSpec ReadValid(string file)
    {
        var result = ManifestReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "Corpus", "valid", file));
        Assert.True(result.Manifest is not null, string.Join("\n", result.Diagnostics));
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        return result.Manifest!;
    }

    [Fact]
    public void Sketch_poster_parses_to_the_expected_spec()
    {
        var spec = ReadValid("poster.flux.yaml");

        Assert.Equal("poster-typography", spec.Name);
        Assert.Equal("flux-2-flex", spec.Model);
        Assert.StartsWith("A minimalist concert poster for \"{{ band }}\"", ((StringValue)spec.Prompt).Value);
        Assert.Equal(new[] { "band", "headline", "palette" }, spec.Vars.Select(v => v.Name));
        Assert.Equal(new[] { "width", "height", "output_format", "prompt_upsampling", "safety_tolerance" }, spec.Defaults.Select(d => d.Key));
        Assert.Equal(1536L, ((IntegerValue)spec.Defaults[1].Value).Value);
        Assert.Equal(new[] { "font", "steps", "guidance" }, spec.Sweep.Grid.Select(a => a.Name));
        Assert.Equal(new[] { 12L, 24L, 50L }, spec.Sweep.Grid[1].Values.Cast<IntegerValue>().Select(v => v.Value));
        var exclude = Assert.Single(spec.Sweep.Exclude);
        Assert.Equal(new[] { "steps", "guidance" }, exclude.Values.Select(v => v.Key));
        Assert.Equal(new SeedSpec(null, 2026, 2), spec.Seeds);
        Assert.Equal(5.00m, spec.Budget!.MaxUsd);
        Assert.Equal(8, spec.Concurrency);
        Assert.Equal("runs/{{ name }}", spec.Output.Dir);
        Assert.Equal(29, spec.Output.FilePosition.Line);
        Assert.Null(spec.Provider);
        Assert.Equal(0.05m, spec.Prices.Models["flux-2-flex"].FirstOutputMpUsd);
    }

    [Fact]
    public void Decimal_range_expands_exactly()
    {
        var guidance = ReadValid("poster.flux.yaml").Sweep.Grid[2];

        var texts = guidance.Values.Cast<NumberValue>().Select(v => v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new[] { "2.5", "4.0", "5.5", "7.0", "8.5" }, texts);
    }

    [Fact]
    public void Positions_are_one_based_line_and_column_of_the_value()
    {
        var spec = ReadValid("poster.flux.yaml");

        Assert.Equal((19, 5), (spec.Sweep.Grid[0].Position.Line, spec.Sweep.Grid[0].Position.Column));
        Assert.Equal((20, 13), (spec.Sweep.Grid[1].Values[0].Position.Line, spec.Sweep.Grid[1].Values[0].Position.Column));
        Assert.EndsWith("poster.flux.yaml", spec.Sweep.Grid[0].Position.Path);
    }

    [Fact]
    public void Zip_group_and_include_are_read_in_manifest_order()
    {
        var spec = ReadValid("zip.flux.yaml");

        var zip = Assert.Single(spec.Sweep.Zip);
        Assert.Equal(new[] { "product", "headline" }, zip.Axes.Select(a => a.Name));
        Assert.Equal(3, zip.Axes[1].Values.Count);
        Assert.Equal(new[] { 3m, 5m }, spec.Sweep.Grid[0].Values.Cast<NumberValue>().Select(v => v.Value));
        Assert.Equal("LIMITED EDITION", ((StringValue)spec.Sweep.Include[0].Values[1].Value).Value);
        Assert.Equal(new SeedSpec(null, 0, 1), spec.Seeds);
        Assert.Equal(4, spec.Concurrency);
        Assert.Equal("{{ index }}-{{ id }}.{{ output_format }}", spec.Output.File);
    }

    [Fact]
    public void Random_sweep_keeps_ranges_unexpanded_with_integer_fields_integer_valued()
    {
        var random = ReadValid("random.flux.yaml").Sweep.Random!;

        Assert.Equal((24, 7L), (random.Count, random.Seed));
        Assert.Equal(new NumericRange(8, 50, null, true), random.Axes[0].Range);
        Assert.Equal(new NumericRange(1.5m, 10, 0.1m, false), random.Axes[1].Range);
    }

    [Fact]
    public void References_resolve_relative_to_the_manifest_and_sizes_are_canonical()
    {
        var spec = ReadValid("references.flux.yaml");

        Assert.Equal(3, spec.References.Count);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "Corpus", "valid", "refs", "product.png"), spec.References[0].FullPath);
        Assert.Null(spec.References[2].FullPath);
        Assert.Equal(new[] { "1024x1024", "1536x1024" }, spec.Sweep.Grid[0].Values.Cast<StringValue>().Select(v => v.Value));
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_work()
    {
        var spec = ReadValid("anchors.flux.yaml");

        Assert.Equal(new[] { "crimson", "teal" }, ((ListValue)spec.Vars[1].Value).Items.Cast<StringValue>().Select(s => s.Value));
        Assert.Equal(new[] { "width", "height", "output_format" }, spec.Defaults.Select(d => d.Key));
        Assert.Equal("png", ((StringValue)spec.Defaults[2].Value).Value);
    }

    [Fact]
    public void Structured_prompt_renders_compact_json_in_manifest_key_order()
    {
        var spec = ReadValid("structured.flux.yaml");

        var json = PromptTemplate.Compile(spec.Prompt).Render(new Dictionary<string, object?> { ["product"] = "Nebula Cola" });

        Assert.Equal(
            "{\"scene\":\"A sunlit kitchen counter at breakfast\",\"subjects\":[{\"description\":\"a can of Nebula Cola with condensation drops\",\"position\":\"center foreground\"}],"
            + "\"style\":\"commercial product photography\",\"color_palette\":[\"#F4A261\",\"#2A9D8F\"],\"camera\":{\"angle\":\"eye level\",\"lens\":\"85mm\",\"depth_of_field\":\"shallow\"}}",
            json);
    }

    [Fact]
    public void Name_defaults_to_the_file_name()
    {
        var result = ManifestReader.Read("dir/hello-world.flux.yaml", "prompt: hi\n");

        Assert.Equal("hello-world", result.Manifest!.Name);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Seeds_with_upsampling_left_on_warn_but_do_not_fail()
    {
        var result = ManifestReader.Read("w.flux.yaml", "prompt: hi\nseed: 42\n");

        Assert.NotNull(result.Manifest);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(("FLUX3008", 2, 1), (warning.Id, warning.Position.Line, warning.Position.Column));
        Assert.Equal(new SeedSpec(42, 42, 1), result.Manifest!.Seeds);
    }

    [Fact]
    public void Seeds_read_in_each_form_with_their_policy()
    {
        SeedSpec Read(string seeds) => ManifestReader.Read("s.flux.yaml",
            "prompt: A poster in {{ font }}\ndefaults: { prompt_upsampling: false }\n"
            + "sweep: { grid: { font: [serif, sans], steps: [12, 50] }, include: [{ font: mono, guidance: 7 }] }\n" + seeds + "\n")
            .Manifest!.Seeds;

        var shared = Read("seeds: { base: 2026, count: 2 }");
        var perValue = Read("seeds: { base: 2026, count: 2, vary_with: [font, guidance] }");
        var listed = Read("seeds: { values: [11, 42, 1234] }");
        var fixedSeed = Read("seed: 42");
        var none = Read(string.Empty);

        Assert.Equal((SeedPolicy.Shared, 2026L, 2), (shared.Policy, shared.Base, shared.Count));
        Assert.Empty(shared.VaryWith);
        Assert.Equal(SeedPolicy.PerValue, perValue.Policy);
        Assert.Equal(new[] { "font", "guidance" }, perValue.VaryWith);
        Assert.Equal((SeedPolicy.Listed, 3), (listed.Policy, listed.Count));
        Assert.Equal(new[] { 11L, 42L, 1234L }, listed.Values);
        Assert.Equal((SeedPolicy.Fixed, 42L), (fixedSeed.Policy, fixedSeed.Fixed!.Value));
        Assert.Equal(new SeedSpec(null, 0, 1), none);
        Assert.Equal(SeedPolicy.Shared, none.Policy);
    }
}
