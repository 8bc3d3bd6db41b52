using Microsoft.CodeAnalysis;

namespace FluxBatch.Generator;

/// <summary>Turns <c>*.flux.yaml</c> additional files into typed presets.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class PresetGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
