namespace Gateway.Fax.Pages;

/// <summary>A document ready to fax: its pages in order, already rasterized (ARCHITECTURE.md: once, at submission).</summary>
public sealed class FaxDocument
{
    /// <summary>Wraps the pages; a document has at least one.</summary>
    public FaxDocument(IReadOnlyList<FaxPage> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        if (pages.Count == 0)
        {
            throw new ArgumentException("a fax document has at least one page", nameof(pages));
        }

        Pages = pages;
    }

    /// <summary>The pages, first to last.</summary>
    public IReadOnlyList<FaxPage> Pages { get; }
}
