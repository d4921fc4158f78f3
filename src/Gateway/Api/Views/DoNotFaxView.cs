namespace Gateway.Api.Views;

/// <summary>A do-not-fax entry.</summary>
public sealed record DoNotFaxView(string Number, string? Reason, DateTimeOffset AddedAt);
