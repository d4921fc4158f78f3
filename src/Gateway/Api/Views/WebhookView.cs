namespace Gateway.Api.Views;

/// <summary>A webhook without its secret.</summary>
public sealed record WebhookView(string Url);
