namespace FluxBatch.Manifest.Templates;

/// <summary>What went wrong in a template.</summary>
public enum TemplateErrorKind
{
    /// <summary>The text does not parse (FLUX2001).</summary>
    Syntax,
    /// <summary>A name is not defined (FLUX2002).</summary>
    UndefinedName,
    /// <summary>A builtin that would read files, the clock or randomness (FLUX2005).</summary>
    Forbidden,
    /// <summary>Rendering failed (FLUX2003).</summary>
    Runtime,
    /// <summary>A loop, recursion or output limit was exceeded (FLUX2004).</summary>
    Limit,
}

/// <summary>
/// A template problem at a 0-based line and column of the template text (Scriban's own convention);
/// the manifest reader maps it to the manifest's 1-based position.
/// </summary>
/// <param name="Subject">The name at fault (undefined variable, forbidden builtin, or the limit's name).</param>
public sealed record TemplateError(TemplateErrorKind Kind, string Message, int Line, int Column, string? Subject = null);

/// <summary>Thrown by <see cref="ManifestTemplate.Render"/> when a template fails on given values.</summary>
public sealed class TemplateRenderException : System.Exception
{
    public TemplateRenderException(TemplateError error)
        : base(error.Message)
    {
        Error = error;
    }

    public TemplateError Error { get; }
}
