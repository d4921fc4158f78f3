using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns.Store;

/// <summary>A Pending job whose time has come, with its campaign's priority.</summary>
public sealed record DueJob(Job Job, int Priority);
