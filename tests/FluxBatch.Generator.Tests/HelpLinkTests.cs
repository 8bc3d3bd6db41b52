using System.Collections.Immutable;
using FluxBatch.Generator.Diagnostics;
using FluxBatch.Generator.Model;
using FluxBatch.Generator.Tests.Infrastructure;
using FluxBatch.Manifest.Diagnostics;

namespace FluxBatch.Generator.Tests;

/// <summary>
/// Every compiler diagnostic the generator can report links to its row on a page that exists: the documented https
/// base URL (docs/diagnostics.md, "Help links") and the id's anchor, which the page carries. Never a relative path,
/// which opens nothing in an IDE.
/// </summary>
public sealed class HelpLinkTests
{
    [Fact]
    public void Every_descriptor_links_to_its_anchor_under_the_documented_https_base_url()
    {
        var location = new LocationInfo("/m/a.flux.yaml", 1, 1, 0, 0);
        var manifest = DiagnosticDescriptors.All.SelectMany(d => new[] { false, true }.Select(verbatim =>
            DiagnosticReporter.ToDiagnostic(new DiagnosticInfo(d.Id, Microsoft.CodeAnalysis.DiagnosticSeverity.Error,
                ImmutableArray.Create("x", "x", "x", "x", "x").ToEquatableArray(), location, verbatim)).Descriptor));
        var all = GeneratorDiagnostics.Descriptors.Concat(manifest).ToList();
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "diagnostics.md"));

        Assert.True(all.Count > DiagnosticDescriptors.All.Count);
        Assert.All(all, d =>
        {
            var anchor = d.Id.ToLowerInvariant();
            Assert.Equal("https://github.com/fluxbatch/fluxbatch/blob/main/docs/diagnostics.md#" + anchor, d.HelpLinkUri);
            Assert.Contains($"<a id=\"{anchor}\"></a>", docs, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_generators_own_checks_are_the_catalogues_entries()
    {
        Assert.All(GeneratorDiagnostics.Descriptors, d =>
        {
            var shared = DiagnosticDescriptors.Find(d.Id)!;
            Assert.Equal(shared.Title, d.Title.ToString());
            Assert.Equal(shared.MessageFormat, d.MessageFormat.ToString());
            Assert.Equal(shared.Help, d.Description.ToString());
            Assert.Equal("FluxBatch.Generator", d.Category);
        });
    }
}
