using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns;

/// <summary>A single fax: its campaign and its one job.</summary>
public sealed record SingleFax(Campaign Campaign, Job Job);
