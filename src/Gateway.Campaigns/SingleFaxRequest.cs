using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;

namespace Gateway.Campaigns;

/// <summary>One fax to one number: stored as a campaign of one destination, started at once.</summary>
public sealed record SingleFaxRequest(CampaignSettings Settings, DestinationInput Destination);
