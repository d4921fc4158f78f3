using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Campaigns.Webhooks;

/// <summary>
/// Builds webhook bodies: <c>{"id","type","occurredAt","campaignId","externalRef","data":{...}}</c> in camelCase.
/// The id is the event id receivers de-duplicate on; order by occurredAt (deliveries may arrive out of order).
/// </summary>
public static class WebhookPayload
{
    public static string Build(Guid eventId, string type, DateTimeOffset occurredAt, Guid campaignId, string? externalRef, JsonObject data)
    {
        var body = new JsonObject
        {
            ["id"] = eventId.ToString("D"),
            ["type"] = type,
            ["occurredAt"] = occurredAt.ToString("O"),
            ["campaignId"] = campaignId.ToString("D"),
            ["externalRef"] = externalRef,
            ["data"] = data,
        };
        return body.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
