using Gateway.Hosting;
using Gateway.Media.Transport;
using Gateway.Telephony;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Telephony;

/// <summary><c>Media:ReceiveBudgetMs</c> (session 9): the media loop's receive budget per tick, from configuration.</summary>
public sealed class MediaReceiveBudgetOptionTests
{
    private static SipOptions Sip => new()
    {
        ListenAddress = "127.0.0.1",
        ListenPort = 0,
        Trunks = [new TrunkOptions { Name = "t", Uri = "sip:127.0.0.1:1" }],
    };

    private static MediaOptions Media(string? budgetMs)
    {
        var values = new Dictionary<string, string?>
        {
            ["Media:BindAddress"] = "127.0.0.1",
            ["Media:PortRangeStart"] = "46700",
            ["Media:PortRangeEnd"] = "46799",
            ["Media:Threads"] = "1",
        };
        if (budgetMs is not null)
        {
            values["Media:ReceiveBudgetMs"] = budgetMs;
        }

        return GatewayHost.Bind<MediaOptions>(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), MediaOptions.Section);
    }

    [Theory]
    [InlineData(null, 5.0)]
    [InlineData("2.5", 2.5)]
    [InlineData("12", 12.0)]
    public async Task The_media_loop_gets_the_configured_budget(string? configured, double expectedMs)
    {
        await using CallRuntime runtime = CallRuntime.Start(Sip, Media(configured), TimeProvider.System, NullLoggerFactory.Instance);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), runtime.Media.ReceiveBudget);
        Assert.Equal(MediaLoop.DefaultReceiveBudget, Media(null).ReceiveBudget());
    }

    [Fact]
    public async Task Zero_drains_every_socket_every_tick()
    {
        await using CallRuntime runtime = CallRuntime.Start(Sip, Media("0"), TimeProvider.System, NullLoggerFactory.Instance);
        Assert.Equal(TimeSpan.MaxValue, runtime.Media.ReceiveBudget);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("NaN")]
    public void A_negative_or_non_numeric_budget_stops_the_start_naming_the_setting(string configured)
    {
        var e = Assert.Throws<InvalidOperationException>(() => CallRuntime.Start(Sip, Media(configured), TimeProvider.System, NullLoggerFactory.Instance));
        Assert.Contains("Media:ReceiveBudgetMs", e.Message, StringComparison.Ordinal);
    }
}
