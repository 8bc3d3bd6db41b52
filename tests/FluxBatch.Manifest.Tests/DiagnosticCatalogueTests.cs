using System.Text.RegularExpressions;
using FluxBatch.Manifest;
using FluxBatch.Manifest.Diagnostics;

namespace FluxBatch.Manifest.Tests;

public sealed class DiagnosticCatalogueTests
{
    [Fact]
    public void Ids_are_unique_and_in_the_range_of_their_concern()
    {
        var ranges = new Dictionary<string, char> { ["Schema"] = '1', ["Template"] = '2', ["Sweep"] = '3', ["Budget"] = '4', ["Generator"] = '5' };

        Assert.Equal(DiagnosticDescriptors.All.Count, DiagnosticDescriptors.All.Select(d => d.Id).Distinct().Count());
        Assert.All(DiagnosticDescriptors.All, d =>
        {
            Assert.Matches("^FLUX[1-5][0-9]{3}$", d.Id);
            Assert.Equal(ranges[d.Category], d.Id[4]);
            Assert.False(string.IsNullOrWhiteSpace(d.Title));
            Assert.False(string.IsNullOrWhiteSpace(d.Help));
        });
    }

    [Fact]
    public void The_one_catalogue_holds_the_generators_ids_too()
    {
        Assert.Equal(["FLUX5001", "FLUX5002", "FLUX5003", "FLUX5004", "FLUX5005"],
            DiagnosticDescriptors.All.Where(d => d.Category == "Generator").Select(d => d.Id));
    }

    [Fact]
    public void Every_help_link_is_the_documented_https_base_url_and_the_ids_anchor()
    {
        Assert.StartsWith("https://", DiagnosticDescriptors.HelpBaseUrl, StringComparison.Ordinal);
        Assert.EndsWith("/docs/diagnostics.md", DiagnosticDescriptors.HelpBaseUrl, StringComparison.Ordinal);
        Assert.Equal("https://github.com/fluxbatch/fluxbatch/blob/main/docs/diagnostics.md#flux1008", DiagnosticDescriptors.OutOfRange.HelpLink);
        Assert.All(DiagnosticDescriptors.All, d => Assert.Equal(DiagnosticDescriptors.HelpBaseUrl + "#" + d.Id.ToLowerInvariant(), d.HelpLink));
    }

    [Fact]
    public void The_help_links_base_url_is_the_one_docs_diagnostics_md_documents()
    {
        var docs = File.ReadAllText(Repository.PathOf("docs", "diagnostics.md"));

        Assert.Contains("`" + DiagnosticDescriptors.HelpBaseUrl + "`", docs, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_format_with_their_arguments_and_keep_them()
    {
        var diagnostic = DiagnosticDescriptors.EstimateExceedsBudget.Create(new SourcePosition("m.flux.yaml", 3, 5), "12.50", "1,000", "5.00");

        Assert.Equal("The plan's estimated cost $12.50 for 1,000 jobs exceeds the budget of $5.00", diagnostic.Message);
        Assert.Equal(new[] { "12.50", "1,000", "5.00" }, diagnostic.Arguments);
        Assert.Equal("m.flux.yaml:3:5: error FLUX4002: " + diagnostic.Message, diagnostic.ToString());
    }

    [Fact]
    public void Every_id_is_documented_in_a_row_with_its_own_anchor()
    {
        var docs = File.ReadAllText(Repository.PathOf("docs", "diagnostics.md"));

        // Markdown renderers anchor headings, not table cells: each row carries an explicit anchor (docs/diagnostics.md#flux1001),
        // then the severity, title and message exactly as the catalogue has them.
        Assert.All(DiagnosticDescriptors.All, d =>
            Assert.Matches(new Regex(@"^\| <a id=""" + d.Id.ToLowerInvariant() + @"""></a>" + d.Id + @" \| "
                + Regex.Escape(d.Severity == DiagnosticSeverity.Error ? "error" : "warning") + @" \| " + Regex.Escape(d.Title) + @" \| "
                + Regex.Escape(d.MessageFormat) + @" \|", RegexOptions.Multiline), docs));
    }
}

public sealed class DiagnosticEqualityTests
{
    [Fact]
    public void Diagnostics_from_two_reads_are_equal_values()
    {
        const string yaml = "prompt: hi\ndefaults: { steps: 99 }\n";

        var first = ManifestReader.Read("e.flux.yaml", yaml).Diagnostics;
        var second = ManifestReader.Read("e.flux.yaml", yaml).Diagnostics;

        Assert.Equal(first, second);
        Assert.Equal(first[0].GetHashCode(), second[0].GetHashCode());
        Assert.NotEqual(first[0], first[0] with { Arguments = new[] { "other" } });
    }
}
