using System.Collections.Concurrent;
using Gateway.Campaigns.Domain;
using static Gateway.Campaigns.Tests.Store.StoreFixtures;

namespace Gateway.Campaigns.Tests.Store;

/// <summary>Webhook outbox claims (docs/store.md "Webhook outbox"): several delivery passes, one event each.</summary>
public abstract partial class StoreContractTests
{
    /// <summary>A campaign whose start, then pause/resume pairs, leave 1 + 2 × <paramref name="pairs"/> events due at T0 + n s.</summary>
    private async Task<int> OutboxEventsAsync(int pairs)
    {
        var ct = TestContext.Current.CancellationToken;
        var campaign = NewCampaign(CampaignState.Draft);
        await Store.InsertCampaignAsync(campaign, ct);
        await Store.TransitionCampaignAsync(campaign.Id, [CampaignState.Draft], CampaignState.Active, T0, ct);
        for (var i = 0; i < pairs; i++)
        {
            await Store.TransitionCampaignAsync(campaign.Id, [CampaignState.Active], CampaignState.Paused, T0.AddSeconds(1), ct);
            await Store.TransitionCampaignAsync(campaign.Id, [CampaignState.Paused], CampaignState.Active, T0.AddSeconds(1), ct);
        }

        return 1 + (2 * pairs);
    }

    [Fact]
    public async Task Concurrent_webhook_claims_take_each_event_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = await OutboxEventsAsync(20);
        var claimedBy = new ConcurrentDictionary<Guid, ConcurrentBag<string>>();
        var passes = Enumerable.Range(0, 6).Select(n => Task.Run(
            async () =>
            {
                var claimant = "node-" + n;
                while (true)
                {
                    var got = await Store.ClaimDueWebhooksAsync(claimant, T0.AddSeconds(2), T0.AddMinutes(2), 3, ct);
                    if (got.Count == 0)
                    {
                        return;
                    }

                    foreach (var e in got)
                    {
                        Assert.Equal(claimant, e.ClaimedBy);
                        claimedBy.GetOrAdd(e.Id, _ => []).Add(claimant);
                    }
                }
            },
            ct)).ToArray();
        await Task.WhenAll(passes);
        Assert.Equal(total, claimedBy.Count);
        Assert.All(claimedBy, kv => Assert.Single(kv.Value));
        Assert.Empty(await Store.GetDueWebhooksAsync(T0.AddSeconds(119), 100, ct)); // all held until the lease ends
    }

    [Fact]
    public async Task Webhook_claim_lease_ends_and_a_stale_claim_cannot_reschedule()
    {
        var ct = TestContext.Current.CancellationToken;
        await OutboxEventsAsync(0);
        var first = Assert.Single(await Store.ClaimDueWebhooksAsync("node-a/1", T0, T0.AddSeconds(60), 10, ct));
        Assert.Empty(await Store.ClaimDueWebhooksAsync("node-b/1", T0.AddSeconds(59), T0.AddSeconds(120), 10, ct));

        // node-a went quiet: once its lease ends node-b takes the event over; node-a's late failure changes nothing.
        var second = Assert.Single(await Store.ClaimDueWebhooksAsync("node-b/1", T0.AddSeconds(60), T0.AddSeconds(120), 10, ct));
        Assert.Equal(first.Id, second.Id);
        Assert.False(await Store.MarkWebhookFailedAsync(first.Id, "node-a/1", "timeout", T0.AddSeconds(61), ct));
        Assert.Empty(await Store.GetDueWebhooksAsync(T0.AddSeconds(100), 10, ct));
        Assert.True(await Store.MarkWebhookFailedAsync(second.Id, "node-b/1", "HTTP 500", T0.AddSeconds(90), ct));
        var again = Assert.Single(await Store.GetDueWebhooksAsync(T0.AddSeconds(90), 10, ct));
        Assert.Equal((1, "HTTP 500", (string?)null), (again.Attempts, again.LastError, again.ClaimedBy));

        // Delivered is recorded once, whoever posted it; a delivered event is never claimed again.
        var third = Assert.Single(await Store.ClaimDueWebhooksAsync("node-c/1", T0.AddSeconds(90), T0.AddSeconds(150), 10, ct));
        Assert.True(await Store.MarkWebhookDeliveredAsync(third.Id, T0.AddSeconds(91), ct));
        Assert.False(await Store.MarkWebhookDeliveredAsync(third.Id, T0.AddSeconds(92), ct));
        Assert.False(await Store.MarkWebhookFailedAsync(third.Id, null, "late", T0.AddSeconds(93), ct));
        Assert.Empty(await Store.ClaimDueWebhooksAsync("node-d/1", T0.AddDays(1), T0.AddDays(2), 10, ct));
    }

    [Fact]
    public async Task Stopping_node_hands_its_webhook_claims_back_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = await OutboxEventsAsync(1);
        var held = await Store.ClaimDueWebhooksAsync("node-a/1", T0.AddSeconds(1), T0.AddMinutes(5), 10, ct);
        Assert.Equal(total, held.Count);
        Assert.True(await Store.MarkWebhookDeliveredAsync(held[0].Id, T0.AddSeconds(2), ct));
        Assert.Equal(0, await Store.ReleaseWebhookClaimsAsync("node-b/1", T0.AddSeconds(3), ct)); // only the claimant's own
        Assert.Equal(total - 1, await Store.ReleaseWebhookClaimsAsync("node-a/1", T0.AddSeconds(3), ct));
        var back = await Store.ClaimDueWebhooksAsync("node-b/1", T0.AddSeconds(3), T0.AddMinutes(5), 10, ct);
        Assert.Equal(held.Skip(1).Select(e => e.Id).Order(), back.Select(e => e.Id).Order());
    }
}
