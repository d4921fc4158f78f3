using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;

namespace Gateway.Campaigns.Tests.Numbers;

public sealed class DestinationResolverTests
{
    [Fact]
    public void Normalizes_national_number_with_campaign_region_to_e164()
    {
        var d = new DestinationResolver("KZ", null).Resolve(new DestinationInput(3, "8 (727) 250-12-34"));
        Assert.Equal("+77272501234", d.Number);
        Assert.Equal("Asia/Almaty", d.TimeZone);
        Assert.Equal(TimeZoneSource.Number, d.TimeZoneSource);
    }

    [Fact]
    public void New_york_landline_gets_its_single_zone_from_the_number()
    {
        var d = new DestinationResolver(null, null).Resolve(new DestinationInput(1, "+1 212 555 0100"));
        Assert.Equal("+12125550100", d.Number);
        Assert.Equal("America/New_York", d.TimeZone);
        Assert.Equal(["America/New_York"], d.CandidateZones);
    }

    [Fact]
    public void Number_spanning_several_zones_takes_the_campaign_default_and_records_it()
    {
        // Russian mobile numbers (+7 9xx) are not tied to one region.
        var d = new DestinationResolver(null, "Europe/Moscow").Resolve(new DestinationInput(1, "+7 912 345 67 89"));
        Assert.Equal("Europe/Moscow", d.TimeZone);
        Assert.Equal(TimeZoneSource.CampaignDefault, d.TimeZoneSource);
        Assert.True(d.CandidateZones.Count > 1);
    }

    [Fact]
    public void Number_spanning_several_zones_without_default_is_an_error_naming_the_time_zone_field()
    {
        var e = Assert.Throws<DestinationException>(() => new DestinationResolver(null, null).Resolve(new DestinationInput(7, "+7 912 345 67 89")));
        Assert.Equal(7, e.Error.Line);
        Assert.Equal("time_zone", e.Error.Field);
    }

    [Fact]
    public void Explicit_override_wins_over_the_number()
    {
        var d = new DestinationResolver(null, "Europe/Moscow").Resolve(new DestinationInput(1, "+12125550100", "Asia/Almaty"));
        Assert.Equal("Asia/Almaty", d.TimeZone);
        Assert.Equal(TimeZoneSource.Override, d.TimeZoneSource);
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("Pacific Standard Time")]
    public void Unknown_iana_zone_is_rejected_naming_line_and_field(string zone)
    {
        var e = Assert.Throws<DestinationException>(() => new DestinationResolver(null, null).Resolve(new DestinationInput(12, "+12125550100", zone)));
        Assert.Equal(12, e.Error.Line);
        Assert.Equal("time_zone", e.Error.Field);
        Assert.Equal(zone, e.Error.Value);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("+1 555")]
    [InlineData("not a number")]
    [InlineData("")]
    public void Invalid_number_is_rejected_naming_line_and_field(string raw)
    {
        var e = Assert.Throws<DestinationException>(() => new DestinationResolver(null, null).Resolve(new DestinationInput(4, raw)));
        Assert.Equal(4, e.Error.Line);
        Assert.Equal("number", e.Error.Field);
    }
}
