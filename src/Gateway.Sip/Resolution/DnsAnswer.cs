namespace Gateway.Sip.Resolution;

/// <summary>
/// The records a response gave for the question, and how long they may be kept: the smallest TTL of the answer,
/// or for a negative answer the SOA's (RFC 2308 §5); null when the response allows no caching.
/// </summary>
internal sealed record DnsAnswer(List<object> Records, TimeSpan? TimeToLive);
