using Gateway.Campaigns.Domain;

namespace Gateway.Api.Views;

/// <summary>A document as the API shows it.</summary>
/// <param name="Kind">pdf, tiff, png or jpeg.</param>
/// <param name="PageCount">Fax pages once rasterized; null before.</param>
public sealed record DocumentView(Guid Id, string Kind, string MediaType, string FileName, long SizeBytes, string Sha256, DateTimeOffset CreatedAt, int? PageCount)
{
    /// <summary>From a registry entry.</summary>
    public static DocumentView From(DocumentRef d) => new(d.Id, KindOf(d.MediaType), d.MediaType, d.FileName, d.Length, d.Sha256, d.CreatedAt, d.PageCount);

    private static string KindOf(string mediaType) => mediaType switch
    {
        Campaigns.DocumentKind.Pdf => "pdf",
        Campaigns.DocumentKind.Tiff => "tiff",
        Campaigns.DocumentKind.Png => "png",
        Campaigns.DocumentKind.Jpeg => "jpeg",
        _ => "other",
    };
}
