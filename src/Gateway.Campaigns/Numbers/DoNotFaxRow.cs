namespace Gateway.Campaigns.Numbers;

/// <summary>One entry of a do-not-fax import as given: 1-based line (CSV line or JSON item), number, optional reason and region.</summary>
public sealed record DoNotFaxRow(int Line, string Number, string? Reason = null, string? Region = null);
