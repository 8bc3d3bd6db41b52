using System.Collections.Immutable;
using FluxBatch.Generator.Diagnostics;
using FluxBatch.Generator.Model;
using FluxBatch.Manifest.Diagnostics;
using Microsoft.CodeAnalysis;

namespace FluxBatch.Generator.Tests;

/// <summary>
/// Every compiler diagnostic the generator can report links to a page that exists: FluxBatch publishes no site, so
/// none links anywhere (docs/diagnostics.md, "Help links"), and none carries a relative path an IDE cannot open.
/// </summary>
public sealed class HelpLinkTests
{
    [Fact]
    public void No_descriptor_links_to_a_page_that_does_not_exist()
    {
        var location = new LocationInfo("/m/a.flux.yaml", 1, 1, 0, 0);
        var manifest = DiagnosticDescriptors.All.SelectMany(d => new[] { false, true }.Select(verbatim =>
            DiagnosticReporter.ToDiagnostic(new DiagnosticInfo(d.Id, Microsoft.CodeAnalysis.DiagnosticSeverity.Error,
                ImmutableArray.Create("x", "x", "x", "x", "x").ToEquatableArray(), location, verbatim)).Descriptor));
        var all = GeneratorDiagnostics.Descriptors.Concat(manifest).ToList();

        Assert.True(all.Count > DiagnosticDescriptors.All.Count);
        Assert.All(all, d => Assert.True(string.IsNullOrEmpty(d.HelpLinkUri), $"{d.Id} links to {d.HelpLinkUri}"));
    }
}
