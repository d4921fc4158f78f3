using Gateway.Cli;

namespace Gateway.Tests.Cli;

public sealed class VerbDispatcherTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var o = new StringWriter();
        using var e = new StringWriter();
        var code = await GatewayCommands.CreateDispatcher().RunAsync(args, o, e, TestContext.Current.CancellationToken);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task No_arguments_prints_the_verb_list_and_exits_2()
    {
        var (code, _, err) = await RunAsync();
        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains("campaign create", err, StringComparison.Ordinal);
        Assert.Contains("retry-batch create", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("campaign", "explode")]
    [InlineData("frobnicate")]
    [InlineData("campaign", "start")]
    [InlineData("campaign", "start", "c1", "--bogus", "x")]
    [InlineData("campaign", "start", "c1", "extra")]
    [InlineData("campaign", "start", "../../keys")]
    [InlineData("campaign", "list", "--page", "zero")]
    [InlineData("campaign", "create", "--name", "x", "--window", "someday 09:00-10:00")]
    [InlineData("campaign", "create", "--name", "x", "--window", "mon-fri 9-5")]
    [InlineData("campaign", "create", "--name", "x", "--holiday", "25.12.2026")]
    [InlineData("campaign", "create", "--name", "x", "--webhook", "http://127.0.0.1:1/")]
    [InlineData("campaign", "create", "--name", "x", "--document", "/nonexistent/file.pdf")]
    [InlineData("fax", "send", "--document", "a.pdf")]
    [InlineData("fax", "send", "--to", "+12125550100")]
    [InlineData("retry-batch", "create", "c1")]
    [InlineData("retry-batch", "create", "c1", "--at", "tomorrow")]
    [InlineData("retry-batch", "create", "c1", "--daily", "25:00")]
    [InlineData("campaign", "list", "--page-size")]
    public async Task Bad_usage_exits_2_without_contacting_a_service(params string[] args)
    {
        // --url points at a closed port: had the verb sent anything, it would fail with 1, not 2.
        var (code, _, err) = await RunAsync([.. args, "--url", "http://127.0.0.1:9/"]);
        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.NotEmpty(err);
    }

    [Fact]
    public async Task A_non_http_url_is_bad_usage()
    {
        var (code, _, err) = await RunAsync("campaign", "list", "--url", "ftp://127.0.0.1/");
        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains("--url", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_service_is_a_failed_operation_exit_1()
    {
        var (code, _, err) = await RunAsync("campaign", "list", "--url", "http://127.0.0.1:9/");
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("cannot reach", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_on_a_verb_prints_its_usage_and_exits_0()
    {
        var (code, output, _) = await RunAsync("fax", "send", "--help");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("--to NUMBER", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_parse_with_equals_repeats_and_flags()
    {
        var a = CommandArguments.Parse(["x", "--document=a.pdf", "--document", "b.tif", "--watch", "--", "--literal"], new HashSet<string> { "watch" });
        Assert.Equal(["a.pdf", "b.tif"], a.Options("document"));
        Assert.True(a.Flag("watch"));
        Assert.Equal(["x", "--literal"], a.Positionals);
        a.EnsureAllUsed(2);
    }

    [Fact]
    public void Progress_bar_renders_the_fraction()
    {
        Assert.Equal("[#####-----]  50%  5/10 done", ProgressBar.Render(5, 10, 10, "done"));
        Assert.Equal("[----------]   0%  0/0 x", ProgressBar.Render(0, 0, 10, "x"));
    }
}
