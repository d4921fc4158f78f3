namespace Gateway.Campaigns.Domain;

/// <summary>A document in the registry; its bytes are stored once per SHA-256.</summary>
/// <param name="Id">Registry id (stable for the same bytes).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes.</param>
/// <param name="PageCount">Fax pages after rasterization, once the host has prepared it; null before.</param>
public sealed record DocumentRef(
    Guid Id,
    string Sha256,
    string FileName,
    string MediaType,
    long Length,
    DateTimeOffset CreatedAt,
    int? PageCount = null);
