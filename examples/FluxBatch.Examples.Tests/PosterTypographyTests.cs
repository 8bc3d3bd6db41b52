using FluxBatch.Presets;
using FluxBatch.Testing;
using Xunit;

namespace FluxBatch.Examples.Tests;

// The generated tests (one per manifest, FluxBatch.Presets.*SnapshotTests) check each example as written. This one is
// written by hand: the poster for another band in a cool palette, checked against
// PosterTypographyTests.The_quiet_ones_in_a_cool_palette.verified.txt beside this file.
public class PosterTypographyTests
{
    [Fact]
    public Task The_quiet_ones_in_a_cool_palette() =>
        PlanSnapshots.VerifyAsync(PosterTypography.Plan(new PosterTypography.Variables { Band = "The Quiet Ones", Palette = "cool" }));
}
