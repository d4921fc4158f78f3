using Gateway.Campaigns.Numbers;

namespace Gateway.Campaigns.Tests.Numbers;

public sealed class DestinationParserTests
{
    [Fact]
    public void A_quoted_field_left_open_is_an_unreadable_line_and_yields_no_input()
    {
        var (inputs, errors) = DestinationParser.ParseCsv("number\n+77272501234\n\"+7727");
        Assert.Empty(inputs);
        var error = Assert.Single(errors);
        Assert.Equal(3, error.Line);
        Assert.Equal("line", error.Field);
    }

    [Fact]
    public void Quoted_fields_with_commas_and_doubled_quotes_are_read_per_rfc_4180()
    {
        var (inputs, errors) = DestinationParser.ParseCsv("number,reference\r\n\"+7 727 250-12-34\",\"a, \"\"b\"\"\"\r\n");
        Assert.Empty(errors);
        var input = Assert.Single(inputs);
        Assert.Equal("+7 727 250-12-34", input.Number);
        Assert.Equal("a, \"b\"", input.Reference);
    }
}
