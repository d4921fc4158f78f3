namespace Gateway.Campaigns.Store;

/// <summary>A number that is never dialed (its jobs end Refused).</summary>
public sealed record DoNotFaxEntry(string Number, string? Reason, DateTimeOffset AddedAt);
