using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns.Numbers;

/// <summary>A destination as submitted, before normalization.</summary>
/// <param name="Line">1-based line or item number, for errors.</param>
/// <param name="TimeZone">Explicit IANA zone override, or null to derive it from the number.</param>
public sealed record DestinationInput(int Line, string Number, string? TimeZone = null, string? Reference = null, CallWindows? Windows = null);
