using Gateway.Sip.Resolution;

namespace Gateway.Sip.Tests.Resolution;

public sealed class SrvOrderingTests
{
    [Fact]
    public void Lower_priority_always_comes_first_and_unavailable_targets_are_dropped()
    {
        SrvRecord[] records = [new(20, 100, 5060, "c"), new(10, 1, 5060, "a"), new(10, 1, 5060, "b"), new(30, 0, 0, ".")];
        for (int seed = 0; seed < 50; seed++)
        {
            var order = SrvOrdering.Order(records, new Random(seed)).Select(r => r.Target).ToList();
            Assert.Equal(3, order.Count);
            Assert.Equal("c", order[2]);
            Assert.Equal(["a", "b"], order.Take(2).Order());
        }
    }

    [Fact]
    public void Within_a_priority_the_first_pick_follows_the_weights()
    {
        // RFC 2782: weights 60/30/10 → chosen first about 60 %, 30 %, 10 % of the time; weight 0 almost never.
        SrvRecord[] records = [new(10, 60, 1, "a"), new(10, 30, 2, "b"), new(10, 10, 3, "c"), new(10, 0, 4, "z")];
        var random = new Random(12345);
        var first = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 0, ["z"] = 0 };
        const int n = 20_000;
        for (int i = 0; i < n; i++) first[SrvOrdering.Order(records, random)[0].Target]++;
        Assert.InRange(first["a"] / (double)n, 0.57, 0.63);
        Assert.InRange(first["b"] / (double)n, 0.27, 0.33);
        Assert.InRange(first["c"] / (double)n, 0.08, 0.12);
        Assert.InRange(first["z"] / (double)n, 0.0, 0.015); // only when the random number is exactly 0 (1 in 101)
    }
}
