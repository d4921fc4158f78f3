namespace Gateway.Documents;

/// <summary>A stored document's metadata.</summary>
/// <param name="Id">Id derived from the content hash.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes.</param>
/// <param name="Kind">Format found by magic bytes.</param>
/// <param name="MediaType">Its media type.</param>
/// <param name="FileName">The uploaded file name, if any (first upload wins).</param>
/// <param name="SizeBytes">Length.</param>
/// <param name="CreatedAt">First upload.</param>
public sealed record StoredDocument(string Id, string Sha256, DocumentKind Kind, string MediaType, string? FileName, long SizeBytes, DateTimeOffset CreatedAt);
