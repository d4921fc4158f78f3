using Gateway.Campaigns.Store;
using static Gateway.Campaigns.Tests.Store.StoreFixtures;

namespace Gateway.Campaigns.Tests.Store;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Do_not_fax_bulk_add_adds_only_unlisted_numbers_and_keeps_listed_entries()
    {
        var ct = TestContext.Current.CancellationToken;
        await Store.AddDoNotFaxAsync(new DoNotFaxEntry("+77270000002", "asked by phone", T0), ct);
        var added = await Store.AddDoNotFaxManyAsync(
            [new("+77270000001", "import", T0.AddHours(1)), new("+77270000002", "import", T0.AddHours(1)), new("+77270000003", null, T0.AddHours(1))], ct);

        Assert.Equal(["+77270000001", "+77270000003"], added);
        var list = (await Store.ListDoNotFaxAsync(0, 10, ct)).Items;
        Assert.Equal(3, list.Count);
        Assert.Equal(new DoNotFaxEntry("+77270000002", "asked by phone", T0), list.Single(e => e.Number == "+77270000002"));
        Assert.Empty(await Store.AddDoNotFaxManyAsync([new("+77270000001", "again", T0.AddHours(2))], ct));
    }
}
