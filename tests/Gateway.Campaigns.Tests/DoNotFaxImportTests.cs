using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Store;
using Gateway.Campaigns.Tests.Store;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Campaigns.Tests;

public sealed class DoNotFaxImportTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<CampaignService> ServiceAsync() => new(await TestDatabases.NewSqliteAsync(), new FakeTimeProvider(Now));

    [Fact]
    public async Task Csv_import_normalizes_each_number_with_its_region_and_counts_listed_and_repeated()
    {
        var service = await ServiceAsync();
        await service.AddDoNotFaxAsync("+77272500001", "earlier", cancellationToken: Ct);
        var (rows, errors) = DoNotFaxParser.ParseCsv("\uFEFFreason,number,region\r\nopted out,+7 727 250 0001,\n\"asked, by letter\",212 555 0101,US\n,8 727 250 0002,KZ\nrepeat,+1 212 555 0101,\n\n");
        Assert.Empty(errors);
        Assert.Equal(4, rows.Count);

        var result = await service.ImportDoNotFaxAsync(rows, cancellationToken: Ct);

        Assert.Equal(["+12125550101", "+77272500002"], result.Added);
        Assert.Equal((1, 1), (result.AlreadyListed, result.Repeated));
        var list = (await service.ListDoNotFaxAsync(cancellationToken: Ct)).Items.ToDictionary(e => e.Number);
        Assert.Equal("asked, by letter", list["+12125550101"].Reason);
        Assert.Equal("earlier", list["+77272500001"].Reason);
        Assert.Null(list["+77272500002"].Reason);
    }

    [Fact]
    public async Task Any_bad_row_rejects_the_whole_import_naming_every_bad_line()
    {
        var service = await ServiceAsync();
        var rows = new[]
        {
            new DoNotFaxRow(2, "+77272500001"),
            new DoNotFaxRow(3, "not a number"),
            new DoNotFaxRow(4, "2125550101"), // national form without a region
            new DoNotFaxRow(5, "+77272500003", new string('x', 501)),
        };

        var e = await Assert.ThrowsAsync<DoNotFaxRejectedException>(() => service.ImportDoNotFaxAsync(rows, cancellationToken: Ct));

        Assert.Equal([(3, "number"), (4, "number"), (5, "reason")], e.Errors.Select(x => (x.Line, x.Field)));
        Assert.Equal("not a number", e.Errors[0].Value);
        Assert.Equal(0, (await service.ListDoNotFaxAsync(cancellationToken: Ct)).Total);
    }

    [Fact]
    public async Task The_default_region_applies_to_rows_without_their_own()
    {
        var service = await ServiceAsync();
        var result = await service.ImportDoNotFaxAsync([new DoNotFaxRow(1, "212 555 0101"), new DoNotFaxRow(2, "8 727 250 0002", Region: "KZ")], "US", Ct);
        Assert.Equal(["+12125550101", "+77272500002"], result.Added);
    }

    [Theory]
    [InlineData("", 1, "header")]
    [InlineData("phone,reason\n+77272500001,x\n", 1, "header")]
    [InlineData("number,comment\n+77272500001,x\n", 1, "header")]
    [InlineData("number,reason\n+77272500001\n", 2, "line")]
    [InlineData("number,reason\n+77272500001,\"never closed\n", 2, "line")]
    public void Unreadable_csv_is_reported_by_line(string csv, int line, string field)
    {
        var (_, errors) = DoNotFaxParser.ParseCsv(csv);
        var error = Assert.Single(errors);
        Assert.Equal((line, field), (error.Line, error.Field));
    }

    [Fact]
    public async Task An_empty_import_is_rejected()
    {
        var service = await ServiceAsync();
        var e = await Assert.ThrowsAsync<DoNotFaxRejectedException>(() => service.ImportDoNotFaxAsync([], cancellationToken: Ct));
        Assert.Equal("entries", Assert.Single(e.Errors).Field);
    }
}
