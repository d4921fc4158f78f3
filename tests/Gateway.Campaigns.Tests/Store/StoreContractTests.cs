using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Store;
using Gateway.Campaigns.Webhooks;
using static Gateway.Campaigns.Tests.Store.StoreFixtures;

namespace Gateway.Campaigns.Tests.Store;

/// <summary>The store contract: every provider runs exactly these tests (SqliteStoreTests, PostgresStoreTests).</summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    protected SqlStore Store { get; private set; } = null!;

    protected abstract Task<SqlStore> CreateAsync();

    public async ValueTask InitializeAsync() => Store = await CreateAsync();

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Store is IAsyncDisposable d ? d.DisposeAsync() : ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Migrations_are_versioned_and_idempotent()
    {
        await Store.MigrateAsync(TestContext.Current.CancellationToken);
        await Store.MigrateAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, await Store.GetSchemaVersionAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Document_bytes_are_stored_once_per_sha256()
    {
        var bytes = "%PDF-1.4 test"u8.ToArray();
        var a = await Store.AddDocumentAsync(bytes, "a.pdf", "application/pdf", T0, TestContext.Current.CancellationToken);
        var b = await Store.AddDocumentAsync(bytes, "b.pdf", "application/pdf", T0.AddMinutes(1), TestContext.Current.CancellationToken);
        var c = await Store.AddDocumentAsync("%PDF-1.4 other"u8.ToArray(), "c.pdf", "application/pdf", T0, TestContext.Current.CancellationToken);
        Assert.Equal(a.Id, b.Id);
        Assert.Equal("a.pdf", b.FileName);
        Assert.NotEqual(a.Id, c.Id);
        Assert.Equal("9dc7a3bd6a4a0fd9b6cf4ae1c3a0dfa2fa4ee93d45c5db3d8ee5b1e0a0fe1d86".Length, a.Sha256.Length);
        Assert.Equal(bytes, await Store.ReadDocumentBytesAsync(a.Id, TestContext.Current.CancellationToken));
        await Store.SetDocumentPageCountAsync(a.Id, 3, TestContext.Current.CancellationToken);
        Assert.Equal(3, (await Store.GetDocumentAsync(a.Id, TestContext.Current.CancellationToken))!.PageCount);
        Assert.Null(await Store.GetDocumentAsync(Guid.NewGuid(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Campaign_settings_round_trip()
    {
        var campaign = NewCampaign(CampaignState.Draft) with
        {
            Settings = Settings() with
            {
                Windows = new CallWindows
                {
                    Weekly = [new WeeklyRange(DayOfWeek.Monday, TimeSpan.FromHours(9), TimeSpan.FromHours(13)), new WeeklyRange(DayOfWeek.Monday, TimeSpan.FromHours(14), WeeklyRange.EndOfDay)],
                    Holidays = [new DateOnly(2026, 3, 8)],
                },
                DefaultTimeZone = "Europe/Moscow",
                PromptRef = "prompt-1",
            },
        };
        await Store.InsertCampaignAsync(campaign, TestContext.Current.CancellationToken);
        var back = await Store.GetCampaignAsync(campaign.Id, TestContext.Current.CancellationToken);
        Assert.NotNull(back);
        Assert.Equal(campaign.Settings.Windows.Weekly, back.Settings.Windows.Weekly);
        Assert.Equal(campaign.Settings.Windows.Holidays, back.Settings.Windows.Holidays);
        Assert.Equal(campaign.Settings.Retry.Rules[FailureClass.Busy], back.Settings.Retry.Rules[FailureClass.Busy]);
        Assert.Equal(campaign.Settings.Webhook, back.Settings.Webhook);
        Assert.Equal(campaign.Settings.Sender, back.Settings.Sender);
        Assert.Equal("Europe/Moscow", back.Settings.DefaultTimeZone);
        Assert.Equal(CampaignState.Draft, back.State);
        Assert.Equal(T0, back.CreatedAt);
    }

    [Fact]
    public async Task Campaign_list_filters_and_paginates_newest_first()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.InsertCampaignAsync(NewCampaign(i % 2 == 0 ? CampaignState.Active : CampaignState.Draft, name: $"Spring_{i}") with { CreatedAt = T0.AddMinutes(i) }, TestContext.Current.CancellationToken);
        }

        await Store.InsertCampaignAsync(NewCampaign(CampaignState.Active, name: "Autumn") with { CreatedAt = T0.AddHours(1) }, TestContext.Current.CancellationToken);
        var page = await Store.ListCampaignsAsync(new CampaignQuery { NameContains = "spring", Limit = 2, Offset = 1 }, TestContext.Current.CancellationToken);
        Assert.Equal(5, page.Total);
        Assert.Equal(["Spring_3", "Spring_2"], page.Items.Select(c => c.Name));
        var active = await Store.ListCampaignsAsync(new CampaignQuery { State = CampaignState.Active }, TestContext.Current.CancellationToken);
        Assert.Equal(4, active.Total);
        Assert.Equal(0, (await Store.ListCampaignsAsync(new CampaignQuery { NameContains = "g_%" }, TestContext.Current.CancellationToken)).Total);
        Assert.Equal(1, (await Store.ListCampaignsAsync(new CampaignQuery { CreatedAfter = T0.AddMinutes(30) }, TestContext.Current.CancellationToken)).Total);
    }

    [Fact]
    public async Task Transition_happens_only_from_allowed_states_and_writes_its_webhook()
    {
        var campaign = NewCampaign(CampaignState.Draft);
        await Store.InsertCampaignAsync(campaign, TestContext.Current.CancellationToken);
        Assert.Null(await Store.TransitionCampaignAsync(campaign.Id, [CampaignState.Active], CampaignState.Paused, T0, TestContext.Current.CancellationToken));
        var active = await Store.TransitionCampaignAsync(campaign.Id, [CampaignState.Draft], CampaignState.Active, T0.AddSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(CampaignState.Active, active!.State);
        Assert.Equal(T0.AddSeconds(5), active.StartedAt);
        var hooks = await Store.GetDueWebhooksAsync(T0.AddMinutes(1), 10, TestContext.Current.CancellationToken);
        var hook = Assert.Single(hooks);
        Assert.Equal(WebhookEventType.CampaignStarted, hook.EventType);
        Assert.Contains("\"type\":\"campaign.started\"", hook.Payload);
        Assert.Contains(hook.Id.ToString("D"), hook.Payload);
        Assert.Contains("ext-test", hook.Payload);
    }

    [Fact]
    public async Task Draft_settings_change_only_while_draft()
    {
        var campaign = NewCampaign(CampaignState.Draft);
        await Store.InsertCampaignAsync(campaign, TestContext.Current.CancellationToken);
        Assert.True(await Store.UpdateDraftSettingsAsync(campaign.Id, campaign.Settings with { Name = "renamed", Priority = 7 }, T0, TestContext.Current.CancellationToken));
        Assert.Equal("renamed", (await Store.GetCampaignAsync(campaign.Id, TestContext.Current.CancellationToken))!.Name);
        await Store.TransitionCampaignAsync(campaign.Id, [CampaignState.Draft], CampaignState.Active, T0, TestContext.Current.CancellationToken);
        Assert.False(await Store.UpdateDraftSettingsAsync(campaign.Id, campaign.Settings, T0, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Jobs_insert_all_and_skip_numbers_already_in_the_campaign()
    {
        var (campaign, _) = await SeedAsync(Store, CampaignState.Active, "+77270000001", "+77270000002");
        var more = Enumerable.Range(0, 450).Select(i => NewJob(campaign.Id, $"+7727{i:D7}", line: i + 3)).ToList();
        more.Add(NewJob(campaign.Id, "+77270000001"));
        var added = await Store.InsertJobsAsync(campaign.Id, more, TestContext.Current.CancellationToken);
        Assert.Equal(448, added); // i = 1 and i = 2 give the two seeded numbers; the last one repeats the first
        var page = await Store.ListJobsAsync(new JobQuery(campaign.Id) { Limit = 10, Offset = 0 }, TestContext.Current.CancellationToken);
        Assert.Equal(450, page.Total);
        Assert.Equal("ref-1", page.Items[0].Destination.Reference);
        Assert.Equal(450, (await Store.GetCampaignCountsAsync(campaign.Id, TestContext.Current.CancellationToken)).Pending);
        var byNumber = await Store.ListJobsAsync(new JobQuery(campaign.Id) { Number = "+77270000002" }, TestContext.Current.CancellationToken);
        Assert.Single(byNumber.Items);
    }

    [Fact]
    public async Task Due_jobs_come_from_active_campaigns_only_highest_priority_first_capped_per_campaign()
    {
        var low = NewCampaign(CampaignState.Active, priority: 10);
        var high = NewCampaign(CampaignState.Active, priority: 200);
        var paused = NewCampaign(CampaignState.Paused);
        foreach (var c in new[] { low, high, paused })
        {
            await Store.InsertCampaignAsync(c, TestContext.Current.CancellationToken);
            await Store.InsertJobsAsync(c.Id, Enumerable.Range(0, 5).Select(i => NewJob(c.Id, $"+7727{c.Priority:D3}{i:D4}", T0.AddMinutes(i))).ToList(), TestContext.Current.CancellationToken);
        }

        var due = await Store.GetDueJobsAsync(T0.AddMinutes(3), perCampaign: 3, total: 100, TestContext.Current.CancellationToken);
        Assert.Equal(6, due.Count);
        Assert.All(due.Take(3), d => Assert.Equal(high.Id, d.Job.CampaignId));
        Assert.All(due.Skip(3), d => Assert.Equal(low.Id, d.Job.CampaignId));
        Assert.Equal(2, (await Store.GetDueJobsAsync(T0, 3, 100, TestContext.Current.CancellationToken)).Count);
    }
}
