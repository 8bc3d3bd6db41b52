using FluxBatch.Manifest;
using FluxBatch.Manifest.Templates;

namespace FluxBatch.Manifest.Tests;

public sealed class TemplateTests
{
    private static ManifestTemplate Compile(string text)
    {
        var template = ManifestTemplate.TryParse(text, out var errors);
        Assert.Empty(errors);
        return template!;
    }

    [Fact]
    public void Referenced_names_are_the_inputs_only()
    {
        var template = Compile("{{ x = 2 }}{{ for i in items }}{{ i }}{{ end }}{{ band.name | string.upcase }} {{ font }}{{ capture c }}{{ font }}{{ end }}");

        Assert.Equal(new[] { "items", "band", "font" }, template.ReferencedNames);
    }

    [Fact]
    public void Renders_many_times_with_different_values()
    {
        var template = Compile("{{ product }} s{{ steps }} g{{ guidance }}");

        var first = template.Render(new Dictionary<string, object?> { ["product"] = "Cola", ["steps"] = 12L, ["guidance"] = 4.0m });
        var second = template.Render(new Dictionary<string, object?> { ["product"] = "Tea", ["steps"] = 50L, ["guidance"] = 2.5m });

        Assert.Equal("Cola s12 g4.0", first);
        Assert.Equal("Tea s50 g2.5", second);
    }

    [Fact]
    public void Renders_correctly_from_many_threads()
    {
        var template = Compile("{{ a }}-{{ b }}");

        var results = Enumerable.Range(0, 2000).AsParallel()
            .Select(i => (i, text: template.Render(new Dictionary<string, object?> { ["a"] = (long)i, ["b"] = "x" + i })))
            .ToArray();

        Assert.All(results, r => Assert.Equal($"{r.i}-x{r.i}", r.text));
    }

    [Fact]
    public void Strict_unknown_name_fails_at_render()
    {
        var template = Compile("a\n{{ missing }}");

        var ex = Assert.Throws<TemplateRenderException>(() => template.Render(new Dictionary<string, object?>()));

        Assert.Equal((TemplateErrorKind.Runtime, 1), (ex.Error.Kind, ex.Error.Line));
        Assert.Contains("missing", ex.Error.Message);
    }

    [Theory]
    [InlineData("{{ for i in 1..100000000 }}x{{ end }}", "loop")]
    [InlineData("{{ while true }}x{{ end }}", "loop")]
    [InlineData("{{ func f; ret f; end; f }}", "recursion")]
    [InlineData("{{ for i in 1..900 }}{{ for j in 1..900 }}{{ end }}{{ end }}", "loop")]
    public void Runaway_templates_hit_a_limit(string text, string limit)
    {
        var template = Compile(text);

        var ex = Assert.Throws<TemplateRenderException>(() => template.Render(new Dictionary<string, object?>()));

        Assert.Equal((TemplateErrorKind.Limit, limit), (ex.Error.Kind, ex.Error.Subject));
    }

    [Fact]
    public void A_context_broken_by_an_error_is_not_reused()
    {
        var runaway = Compile("{{ while true }}x{{ end }}");
        Assert.Throws<TemplateRenderException>(() => runaway.Render(new Dictionary<string, object?>()));

        Assert.Equal("ok 1", Compile("ok {{ n }}").Render(new Dictionary<string, object?> { ["n"] = 1L }));
    }

    [Theory]
    [InlineData("{{ date.now }}", "date.now")]
    [InlineData("{{ math.random 1 10 }}", "math.random")]
    [InlineData("{{ object.eval '1+1' }}", "object.eval")]
    [InlineData("{{ include 'x' }}", "include")]
    public void Forbidden_builtins_are_reported_statically(string text, string name)
    {
        ManifestTemplate.TryParse(text, out var errors);

        var error = Assert.Single(errors);
        Assert.Equal((TemplateErrorKind.Forbidden, name), (error.Kind, error.Subject));
    }

    [Fact]
    public void Forbidden_builtins_are_also_removed_at_runtime()
    {
        // An alias or an indexer is refused statically; behind that, the builtin must simply not exist.
        var template = ManifestTemplate.TryParse("{{ d = date; d[\"now\"] }}", out var errors);

        var rendered = template!.Render(new Dictionary<string, object?>());

        Assert.Equal(("date", 7), (Assert.Single(errors).Subject, Assert.Single(errors).Column));
        Assert.Equal(string.Empty, rendered);
    }

    [Fact]
    public void Syntax_errors_have_template_positions()
    {
        var template = ManifestTemplate.TryParse("line one\nab {{ x + }} c", out var errors);

        Assert.Null(template);
        Assert.Equal((1, 10), (errors[0].Line, errors[0].Column));
    }

    [Fact]
    public void Block_scalar_template_errors_map_to_the_manifest_line_and_column()
    {
        const string yaml = "name: t\nvars: { band: Owls }\nprompt: |-\n    first line {{ band }}\n    second line\n    third {{ bnad }} line\n";

        var result = ManifestReader.Read("t.flux.yaml", yaml);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(("FLUX2002", 6, 14), (error.Id, error.Position.Line, error.Position.Column));
        Assert.Contains("did you mean `band`?", error.Message);
    }

    [Theory]
    [InlineData("prompt: |   # a comment\n  one\n  two {{ nope }}\n", 3, 10)]
    [InlineData("prompt: >-\n  one\n  two {{ nope }}\n", 2, 3)]          // folded: the first content line
    [InlineData("prompt: one {{ nope }}\n", 1, 16)]
    [InlineData("prompt: \"one {{ nope }}\"\n", 1, 17)]
    [InlineData("prompt:\n  scene: 'a {{ nope }}'\n", 2, 16)]
    public void Undefined_names_are_located_in_every_scalar_style(string yaml, int line, int column)
    {
        var error = Assert.Single(ManifestReader.Read("l.flux.yaml", yaml).Diagnostics);

        Assert.Equal(("FLUX2002", line, column), (error.Id, error.Position.Line, error.Position.Column));
    }

    [Fact]
    public void Text_prompt_is_trimmed_and_structured_prompt_escapes_json()
    {
        var text = PromptTemplate.Compile(new Model.StringValue("  A \"quoted\" {{ x }}\n", default));
        var structured = ManifestReader.Read("s.flux.yaml", "prompt:\n  scene: \"say \\\"{{ x }}\\\"\\n\"\n  n: 3\n  ok: true\nvars: { x: hi }\n").Manifest!;

        Assert.Equal("A \"quoted\" 1", text.Render(new Dictionary<string, object?> { ["x"] = 1L }));
        Assert.Equal("{\"scene\":\"say \\\"hi\\\"\\n\",\"n\":3,\"ok\":true}", PromptTemplate.Compile(structured.Prompt).Render(new Dictionary<string, object?> { ["x"] = "hi" }));
        Assert.True(PromptTemplate.Compile(structured.Prompt).IsStructured);
    }
}
