namespace Gateway.Campaigns;

/// <summary>Base of the typed errors the campaign service raises; the host maps them to problem details.</summary>
public abstract class CampaignException(string message) : Exception(message);
