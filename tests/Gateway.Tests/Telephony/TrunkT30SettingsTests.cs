using Gateway.Fax.T30;
using Gateway.Telephony;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Telephony;

/// <summary>The T.30 settings a trunk's options give each call.</summary>
public sealed class TrunkT30SettingsTests
{
    [Fact]
    public void Ecm_pages_go_as_partial_pages_that_fit_the_receivers_t2_by_default()
    {
        var settings = FaxCallPlacer.T30For(new TrunkOptions { Name = "main" }, "GATEWAY");

        Assert.True(settings.Ecm);
        Assert.Null(settings.EcmMaxBurst);
        Assert.Equal(FaxModem.V17_14400, settings.MaxModem);
        Assert.Equal("GATEWAY", settings.LocalIdent);
    }

    [Fact]
    public void A_trunk_without_partial_pages_sends_256_frame_blocks()
    {
        var settings = FaxCallPlacer.T30For(new TrunkOptions { Name = "clean", EcmPartialPages = false, MaxBitRate = 9600 }, "GATEWAY");

        Assert.Equal(Timeout.InfiniteTimeSpan, settings.EcmMaxBurst);
        Assert.Equal(FaxModem.V29_9600, settings.MaxModem);
    }

    [Fact]
    public void The_setting_binds_from_configuration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Name"] = "t", ["EcmPartialPages"] = "false" })
            .Build();
        var trunk = new TrunkOptions();
        configuration.Bind(trunk);

        Assert.False(trunk.EcmPartialPages);
    }
}
