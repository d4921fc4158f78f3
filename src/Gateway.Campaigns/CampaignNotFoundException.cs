namespace Gateway.Campaigns;

/// <summary>No such campaign, job, document or batch (HTTP 404).</summary>
public sealed class CampaignNotFoundException(string what, Guid id) : CampaignException($"{what} {id} not found")
{
    public Guid Id { get; } = id;
}
