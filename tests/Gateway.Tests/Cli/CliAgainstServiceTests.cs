using Gateway.Cli;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Cli;

/// <summary>The CLI verbs against a running service on 127.0.0.1: output and exit codes.</summary>
public sealed class CliAgainstServiceTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(TestGateway gw, string? key, params string[] args)
    {
        using var o = new StringWriter();
        using var e = new StringWriter();
        var all = new List<string>(args) { "--url", gw.BaseAddress.ToString() };
        if (key is not null)
        {
            all.AddRange(["--key", key]);
        }

        var code = await GatewayCommands.CreateDispatcher().RunAsync([.. all], o, e, TestContext.Current.CancellationToken);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Key_verbs_create_list_and_revoke_with_exit_codes_0_1_2()
    {
        await using var gw = await TestGateway.StartAsync();
        var (code, output, _) = await RunAsync(gw, TestGateway.AdminKey, "key", "create", "--name", "cli", "--role", "viewer");
        Assert.Equal(ExitCodes.Ok, code);
        var parts = output.Trim().Split('\t');
        Assert.StartsWith("gwk_", parts[1], StringComparison.Ordinal);

        (code, output, _) = await RunAsync(gw, TestGateway.AdminKey, "key", "list");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains(parts[0], output, StringComparison.Ordinal);

        // The viewer may not manage keys: 403 is a failed operation.
        var (forbidden, _, err) = await RunAsync(gw, parts[1], "key", "list");
        Assert.Equal(ExitCodes.Failed, forbidden);
        Assert.Contains("error 403", err, StringComparison.Ordinal);

        // The service rejecting the role is bad input: 422 → 2.
        var (invalid, _, err2) = await RunAsync(gw, TestGateway.AdminKey, "key", "create", "--name", "x", "--role", "root");
        Assert.Equal(ExitCodes.BadUsage, invalid);
        Assert.Contains("role:", err2, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, (await RunAsync(gw, TestGateway.AdminKey, "key", "revoke", parts[0])).Code);
        Assert.Equal(ExitCodes.Failed, (await RunAsync(gw, TestGateway.AdminKey, "key", "revoke", parts[0])).Code);
        Assert.Equal(ExitCodes.Failed, (await RunAsync(gw, null, "key", "list")).Code);
    }

    [Fact]
    public async Task Document_upload_prints_the_id_and_a_non_document_exits_2()
    {
        await using var gw = await TestGateway.StartAsync();
        var pdf = Path.Combine(gw.Directory, "letter.pdf");
        await File.WriteAllBytesAsync(pdf, SampleDocuments.Pdf("cli"), TestContext.Current.CancellationToken);
        var (code, output, _) = await RunAsync(gw, TestGateway.AdminKey, "document", "upload", pdf);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.True(Guid.TryParse(output.Trim(), out _), output);

        var txt = Path.Combine(gw.Directory, "letter.txt");
        await File.WriteAllTextAsync(txt, "just text", TestContext.Current.CancellationToken);
        var (bad, _, err) = await RunAsync(gw, TestGateway.AdminKey, "document", "upload", txt);
        Assert.Equal(ExitCodes.BadUsage, bad);
        Assert.Contains("error 415", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dnf_import_adds_a_csv_all_or_nothing_with_exit_codes_0_and_2()
    {
        await using var gw = await TestGateway.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var good = Path.Combine(gw.Directory, "dnf.csv");
        await File.WriteAllTextAsync(good, "number,reason\n212 555 0101,asked\n+12125550102,\n", ct);
        var (code, output, err) = await RunAsync(gw, TestGateway.AdminKey, "dnf", "import", good, "--region", "US");
        Assert.True(code == ExitCodes.Ok, err);
        Assert.Equal("added 2, already listed 0, repeated 0", output.Trim());

        var bad = Path.Combine(gw.Directory, "bad.json");
        await File.WriteAllTextAsync(bad, """{"entries":[{"number":"+12125550103"},{"number":"nope"}]}""", ct);
        (code, _, err) = await RunAsync(gw, TestGateway.AdminKey, "dnf", "import", bad);
        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains("entries[1].number", err, StringComparison.Ordinal);

        (code, output, _) = await RunAsync(gw, TestGateway.AdminKey, "dnf", "list");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.DoesNotContain("+12125550103", output, StringComparison.Ordinal);
        Assert.Contains("+12125550101", output, StringComparison.Ordinal);

        var txt = Path.Combine(gw.Directory, "dnf.txt");
        await File.WriteAllTextAsync(txt, "+12125550104", ct);
        Assert.Equal(ExitCodes.BadUsage, (await RunAsync(gw, TestGateway.AdminKey, "dnf", "import", txt)).Code);
    }

    [Fact]
    public async Task Campaign_report_writes_the_csv_to_a_file_or_standard_output()
    {
        await using var gw = await TestGateway.StartAsync();
        var id = await gw.CreateCampaignAsync(null, "+12125550101");
        var file = Path.Combine(gw.Directory, "report.csv");

        var (code, output, _) = await RunAsync(gw, TestGateway.AdminKey, "campaign", "report", id, "--out", file);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains(file, output, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken);
        Assert.StartsWith("number,reference,time_zone,status,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("+12125550101,,America/New_York,pending,0,", lines[1], StringComparison.Ordinal);

        (code, output, _) = await RunAsync(gw, TestGateway.AdminKey, "campaign", "report", id);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken), output);
        Assert.Equal(ExitCodes.Failed, (await RunAsync(gw, TestGateway.AdminKey, "campaign", "report", Guid.NewGuid().ToString())).Code);
    }
}
