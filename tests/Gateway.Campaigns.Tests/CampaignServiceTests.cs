using System.Text;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Store;
using Gateway.Campaigns.Tests.Store;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Campaigns.Tests;

public sealed class CampaignServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);
    private SqlStore _store = null!;
    private CampaignService _service = null!;
    private DocumentRef _doc = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = await TestDatabases.NewSqliteAsync();
        _service = new CampaignService(_store, new FakeTimeProvider(Now), new CampaignServiceOptions { MaxDocumentBytes = 1024 });
        _doc = await _service.AddDocumentAsync("%PDF-1.4 hello"u8.ToArray(), "hello.pdf", Ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private CampaignSettings Settings => new()
    {
        Name = "Spring mailing",
        DocumentIds = [_doc.Id],
        Sender = new SenderIdentity("+7 727 250 0000", "ACME Almaty +7 727 250 0000", "8 727 250 0000"),
        DefaultRegion = "KZ",
        DefaultTimeZone = "Asia/Almaty",
        Webhook = new WebhookTarget(new Uri("https://example.invalid/hook"), "a-secret-of-16-chars"),
    };

    [Fact]
    public async Task Create_normalizes_and_starts_only_with_destinations()
    {
        var c = await _service.CreateAsync(Settings, Ct);
        Assert.Equal(CampaignState.Draft, c.State);
        Assert.Equal("+77272500000", c.Settings.Sender.CallerNumber);
        var e = await Assert.ThrowsAsync<CampaignValidationException>(() => _service.StartAsync(c.Id, Ct));
        Assert.Equal("destinations", e.Field);
        await _service.AddDestinationsCsvAsync(c.Id, "number\n8 727 250 1234\n", Ct);
        Assert.Equal(CampaignState.Active, (await _service.StartAsync(c.Id, Ct)).State);
    }

    public static TheoryData<string, Func<CampaignSettings, CampaignSettings>> BadSettings => new()
    {
        { "name", s => s with { Name = " " } },
        { "documents", s => s with { DocumentIds = [Guid.NewGuid()] } },
        { "documents", s => s with { DocumentIds = [] } },
        { "sender.tsi", s => s with { Sender = s.Sender with { Tsi = "ACME LTD" } } },
        { "sender.headerText", s => s with { Sender = s.Sender with { HeaderText = new string('x', 61) } } },
        { "sender.callerNumber", s => s with { Sender = s.Sender with { CallerNumber = "12" } } },
        { "priority", s => s with { Priority = 300 } },
        { "windows", s => s with { Windows = new CallWindows { Weekly = [] } } },
        { "retry", s => s with { Retry = RetryPolicy.Default with { MaxTotalAttempts = 0 } } },
        { "webhook.url", s => s with { Webhook = new WebhookTarget(new Uri("ftp://example.invalid/"), "a-secret-of-16-chars") } },
        { "webhook.secret", s => s with { Webhook = new WebhookTarget(new Uri("https://example.invalid/"), "short") } },
        { "defaultTimeZone", s => s with { DefaultTimeZone = "Mars/Olympus" } },
        { "defaultRegion", s => s with { DefaultRegion = "XX" } },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Bad_settings_are_rejected_naming_the_field_and_store_nothing(string field, Func<CampaignSettings, CampaignSettings> spoil)
    {
        var e = await Assert.ThrowsAsync<CampaignValidationException>(() => _service.CreateAsync(spoil(Settings), Ct));
        Assert.Equal(field, e.Field);
        Assert.Equal(0, (await _service.ListAsync(new CampaignQuery(), Ct)).Total);
    }

    [Fact]
    public async Task Csv_upload_with_bad_lines_lists_every_line_and_adds_nothing()
    {
        var c = await _service.CreateAsync(Settings, Ct);
        const string csv = "number,time_zone,reference\n+7 727 250 1234,,a\nnot-a-number,,b\n+7 727 250 1235,Mars/Olympus,c\n\"+1 212 555 0100\",,\"d, quoted\"\n";
        var e = await Assert.ThrowsAsync<DestinationsRejectedException>(() => _service.AddDestinationsCsvAsync(c.Id, csv, Ct));
        Assert.Equal([(3, "number"), (4, "time_zone")], e.Errors.Select(x => (x.Line, x.Field)));
        Assert.Equal(0, (await _service.GetCountsAsync(c.Id, Ct)).Total);
    }

    [Fact]
    public async Task Csv_upload_records_zone_choice_and_skips_duplicates()
    {
        var c = await _service.CreateAsync(Settings, Ct);
        const string csv = "\uFEFFreference,number\r\nd,\"+1 212 555 0100\"\r\na,8 727 250 1234\r\nb,+7 727 250 1234\r\nm,+7 912 345 67 89\r\n";
        var r = await _service.AddDestinationsCsvAsync(c.Id, csv, Ct);
        Assert.Equal(new AddDestinationsResult(3, 1), r);
        var jobs = (await _service.ListJobsAsync(new JobQuery(c.Id), Ct)).Items;
        Assert.Equal(
            [("+12125550100", "America/New_York", TimeZoneSource.Number, "d"), ("+77272501234", "Asia/Almaty", TimeZoneSource.Number, "a"), ("+79123456789", "Asia/Almaty", TimeZoneSource.CampaignDefault, "m")],
            jobs.Select(j => (j.Destination.Number, j.Destination.TimeZone, j.Destination.TimeZoneSource, j.Destination.Reference!)));
        Assert.Equal(5, jobs[2].SourceLine);
    }

    [Theory]
    [InlineData("", 1, "header")]
    [InlineData("phone\n+77272501234\n", 1, "header")]
    [InlineData("number,colour\n+77272501234,red\n", 1, "header")]
    [InlineData("number,reference\n+77272501234\n", 2, "line")]
    public async Task Malformed_csv_is_rejected_with_line_and_field(string csv, int line, string field)
    {
        var c = await _service.CreateAsync(Settings, Ct);
        var e = await Assert.ThrowsAsync<DestinationsRejectedException>(() => _service.AddDestinationsCsvAsync(c.Id, csv, Ct));
        Assert.Equal((line, field), (e.Errors[0].Line, e.Errors[0].Field));
    }

    [Fact]
    public async Task Json_upload_accepts_objects_and_strings_and_names_bad_items()
    {
        var c = await _service.CreateAsync(Settings, Ct);
        var ok = await _service.AddDestinationsJsonAsync(c.Id, Encoding.UTF8.GetBytes("""[{"number":"+7 727 250 1234","reference":"x"},"+12125550100",{"number":"+74951234567","timeZone":"Europe/Moscow"}]"""), Ct);
        Assert.Equal(3, ok.Added);
        var e = await Assert.ThrowsAsync<DestinationsRejectedException>(() => _service.AddDestinationsJsonAsync(c.Id, Encoding.UTF8.GetBytes("""[{"number":"+74951234568"},{"numbr":"1"},{"number":5}]"""), Ct));
        Assert.Equal([(2, "numbr"), (2, "number"), (3, "number")], e.Errors.Select(x => (x.Line, x.Field)));
        var malformed = await Assert.ThrowsAsync<DestinationsRejectedException>(() => _service.AddDestinationsJsonAsync(c.Id, Encoding.UTF8.GetBytes("[{"), Ct));
        Assert.Equal("json", malformed.Errors[0].Field);
        Assert.Equal(3, (await _service.GetCountsAsync(c.Id, Ct)).Total);
    }

    [Fact]
    public async Task Documents_are_recognized_by_content_and_stored_once()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };
        var a = await _service.AddDocumentAsync(png, "../../etc/scan.pdf", Ct);
        Assert.Equal((DocumentKind.Png, "scan.pdf"), (a.MediaType, a.FileName));
        Assert.Equal(a.Id, (await _service.AddDocumentAsync(png, "again.png", Ct)).Id);
        Assert.Equal(DocumentKind.Tiff, (await _service.AddDocumentAsync("II*\0rest"u8.ToArray(), "t.tif", Ct)).MediaType);
        Assert.Equal(DocumentKind.Jpeg, (await _service.AddDocumentAsync(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "j.jpg", Ct)).MediaType);
        Assert.Equal("document", (await Assert.ThrowsAsync<CampaignValidationException>(() => _service.AddDocumentAsync("hello"u8.ToArray(), "x.pdf", Ct))).Field);
        Assert.Equal("document", (await Assert.ThrowsAsync<CampaignValidationException>(() => _service.AddDocumentAsync(new byte[2000], "big.pdf", Ct))).Field);
        Assert.Equal("document", (await Assert.ThrowsAsync<CampaignValidationException>(() => _service.AddDocumentAsync(Array.Empty<byte>(), "e.pdf", Ct))).Field);
    }

    [Fact]
    public async Task State_machine_allows_only_its_transitions()
    {
        var c = await _service.CreateAsync(Settings, Ct);
        await Assert.ThrowsAsync<CampaignStateException>(() => _service.PauseAsync(c.Id, Ct));
        await _service.AddDestinationsCsvAsync(c.Id, "number\n+77272501234\n", Ct);
        await _service.StartAsync(c.Id, Ct);
        await Assert.ThrowsAsync<CampaignStateException>(() => _service.StartAsync(c.Id, Ct));
        await Assert.ThrowsAsync<CampaignStateException>(() => _service.ResumeAsync(c.Id, Ct));
        Assert.Equal(CampaignState.Paused, (await _service.PauseAsync(c.Id, Ct)).State);
        Assert.Equal(CampaignState.Active, (await _service.ResumeAsync(c.Id, Ct)).State);
        Assert.Equal(CampaignState.Cancelled, (await _service.CancelAsync(c.Id, Ct)).State);
        var e = await Assert.ThrowsAsync<CampaignStateException>(() => _service.AddDestinationsCsvAsync(c.Id, "number\n+77272501235\n", Ct));
        Assert.Equal(CampaignState.Cancelled, e.State);
        await Assert.ThrowsAsync<CampaignNotFoundException>(() => _service.StartAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Single_fax_is_an_active_campaign_of_one_and_cancels_as_one()
    {
        var fax = await _service.SendFaxAsync(new SingleFaxRequest(Settings, new DestinationInput(1, "+1 212 555 0100")), Ct);
        Assert.True(fax.Campaign.IsSingleFax);
        Assert.Equal(CampaignState.Active, fax.Campaign.State);
        Assert.Equal("America/New_York", fax.Job.Destination.TimeZone);
        await Assert.ThrowsAsync<CampaignStateException>(() => _service.AddDestinationsCsvAsync(fax.Campaign.Id, "number\n+77272501235\n", Ct));
        Assert.Equal(JobState.Cancelled, (await _service.CancelJobAsync(fax.Job.Id, Ct)).State);
        Assert.Equal(1, (await _service.ListAsync(new CampaignQuery { IsSingleFax = true }, Ct)).Total);
        var bad = await Assert.ThrowsAsync<DestinationsRejectedException>(() => _service.SendFaxAsync(new SingleFaxRequest(Settings, new DestinationInput(1, "nope")), Ct));
        Assert.Equal("number", bad.Errors[0].Field);
        Assert.Equal(1, (await _service.ListAsync(new CampaignQuery(), Ct)).Total);
    }

    [Fact]
    public async Task Do_not_fax_numbers_are_normalized()
    {
        await _service.AddDoNotFaxAsync("8 (727) 250-12-34", "asked", "KZ", Ct);
        Assert.True(await _store.IsDoNotFaxAsync("+77272501234", Ct));
        Assert.True(await _service.RemoveDoNotFaxAsync("+7 727 250 1234", cancellationToken: Ct));
        Assert.Equal("number", (await Assert.ThrowsAsync<CampaignValidationException>(() => _service.AddDoNotFaxAsync("123", null, cancellationToken: Ct))).Field);
        Assert.Equal(0, (await _service.ListDoNotFaxAsync(cancellationToken: Ct)).Total);
    }

    [Fact]
    public async Task Retry_batch_scheduling_checks_its_input()
    {
        var c = await _service.CreateAsync(Settings, Ct);
        await Assert.ThrowsAsync<CampaignStateException>(() => _service.ScheduleRetryBatchAsync(c.Id, Now, null, null, cancellationToken: Ct));
        await _service.AddDestinationsCsvAsync(c.Id, "number\n+77272501234\n", Ct);
        await _service.StartAsync(c.Id, Ct);
        Assert.Equal("at", (await Assert.ThrowsAsync<CampaignValidationException>(() => _service.ScheduleRetryBatchAsync(c.Id, null, null, null, cancellationToken: Ct))).Field);
        Assert.Equal("timeZone", (await Assert.ThrowsAsync<CampaignValidationException>(() => _service.ScheduleRetryBatchAsync(c.Id, null, TimeSpan.FromHours(2), "Nowhere/City", cancellationToken: Ct))).Field);
        Assert.Equal("include", (await Assert.ThrowsAsync<CampaignValidationException>(() => _service.ScheduleRetryBatchAsync(c.Id, Now, null, null, false, false, Ct))).Field);
        var once = await _service.ScheduleRetryBatchAsync(c.Id, Now.AddHours(-1), null, null, cancellationToken: Ct);
        Assert.Equal(Now, once.RunAt);
        await _service.CancelRetryBatchAsync(once.Id, Ct);
        await Assert.ThrowsAsync<CampaignValidationException>(() => _service.CancelRetryBatchAsync(once.Id, Ct));
        await Assert.ThrowsAsync<CampaignNotFoundException>(() => _service.CancelRetryBatchAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Listing_checks_paging_bounds()
    {
        Assert.Equal("limit", (await Assert.ThrowsAsync<CampaignValidationException>(() => _service.ListAsync(new CampaignQuery { Limit = 0 }, Ct))).Field);
        Assert.Equal("offset", (await Assert.ThrowsAsync<CampaignValidationException>(() => _service.ListAsync(new CampaignQuery { Offset = -1 }, Ct))).Field);
    }
}
