namespace Gateway.Api;

/// <summary>Endpoint metadata: the largest request body this endpoint accepts, in bytes.</summary>
/// <param name="Bytes">The limit.</param>
public sealed record BodySizeLimit(long Bytes);
