using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gateway.Tests.Audit;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Security;

/// <summary>
/// Recognisable secrets in every place the service holds one (trunk password, database password, bootstrap and
/// created API keys, a webhook secret); the service then runs a real SIP call that the trunk challenges for them,
/// delivers webhooks, and answers the API's success and error paths with every log level on. The secrets must be
/// nowhere in the log files, the answers, or on the SIP wire (only the digest of the password).
/// </summary>
public sealed class SecretsStayOutOfOutputTests
{
    private const string TrunkUser = "gw-trunk-user";
    private const string TrunkPassword = "trunkpw-Q7x9-Zulu-4411";
    private const string DbPassword = "dbpw-K3v8-Yankee-2290";
    private const string BootstrapKey = TestGateway.AdminKey;
    private const string WebhookSecret = "hooksecret-P0w7-Whiskey-8833";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_secret_reaches_logs_answers_or_the_wire()
    {
        var store = await AuditStore.CreateAsync("postgres");
        await using var trunk = new DigestChallengingTrunk();
        await using var hooks = new WebhookReceiver(WebhookSecret);

        // The test server trusts every local connection, so the password is carried and never checked.
        var settings = new List<string>
        {
            "Store:Provider=postgres",
            $"Store:Postgres:ConnectionString={store.PostgresConnection};Password={DbPassword}",
            "Serilog:MinimumLevel:Default=Verbose",
            "Serilog:MinimumLevel:Override:Microsoft=Verbose",
            "Serilog:MinimumLevel:Override:System=Verbose",
            "Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Verbose",
            "Calls:Mode=sip",
            "Calls:Fax:RingSeconds=3",
            "Sip:ListenAddress=127.0.0.1",
            "Sip:ListenPort=0",
            "Sip:LogMessages=true",
            "Sip:Trunks:0:Name=secured",
            $"Sip:Trunks:0:Uri=sip:127.0.0.1:{trunk.Port}",
            $"Sip:Trunks:0:Username={TrunkUser}",
            $"Sip:Trunks:0:Password={TrunkPassword}",
            "Sip:Trunks:0:CallerId=+77272009999",
            "Media:BindAddress=127.0.0.1",
            "Media:PortRangeStart=51000",
            "Media:PortRangeEnd=51099",
        };
        var answers = new StringBuilder();
        string generatedKey;
        string logs;
        await using (var gw = await TestGateway.StartAsync([.. settings]))
        {
            using var admin = gw.Client();

            // Keys: the created one is shown once (kept to look for), a repeat of its Idempotency-Key gets 409.
            using (var created = await Json.PostAsync(admin, "api/v1/keys", Json.Body(new { name = "ops", role = "operator" }), "key-1"))
            {
                generatedKey = (await Json.ReadAsync(created)).GetProperty("key").GetString()!;
                await Keep(answers, created, expectSecret: true);
            }

            await Keep(answers, await Json.PostAsync(admin, "api/v1/keys", Json.Body(new { name = "ops", role = "operator" }), "key-1"));
            using var op = gw.Client(generatedKey);

            // A campaign with a webhook secret, dialled through the challenging trunk: one busy attempt, then completed.
            var doc = (await Json.ReadAsync(await op.PostAsync("api/v1/documents", SampleDocuments.Multipart(SampleDocuments.Pdf("secrets"), "s.pdf"), Ct))).GetProperty("id").GetString()!;
            var campaign = new
            {
                name = "secrets",
                documentIds = new[] { doc },
                destinations = new[] { new { number = "+12125550111" } },
                webhook = new { url = hooks.Url, secret = WebhookSecret },
                retryPolicy = new { maxAttempts = 1 },
            };
            using var create = await op.PostAsync("api/v1/campaigns", Json.Body(campaign), Ct);
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
            var id = (await Json.ReadAsync(create)).GetProperty("id").GetString()!;
            await Keep(answers, create);
            await Keep(answers, await op.PostAsync($"api/v1/campaigns/{id}/start", null, Ct));
            await gw.WaitCampaignStateAsync(id, "completed", 30000);
            await WaitAsync(() => hooks.Verified.Any(v => v.Body.Contains("campaign.completed", StringComparison.Ordinal)), "campaign.completed webhook");

            // Reads, and the error paths: bad JSON and invalid input carrying the secret, unknown key (a pasted
            // secret), too low a role, unknown ids, a server-side listing of everything.
            foreach (var path in new[]
            {
                $"api/v1/campaigns/{id}", "api/v1/campaigns", $"api/v1/campaigns/{id}/jobs", "api/v1/keys", "api/v1/audit",
                "openapi/v1.json", "health/ready", "health/live", "metrics", "api/v1/campaigns/00000000-0000-0000-0000-000000000000",
            })
            {
                await Keep(answers, await admin.GetAsync(path, Ct));
            }

            await Keep(answers, await op.PostAsync("api/v1/campaigns", Json.Raw($"{{\"name\":\"x\",\"webhook\":{{\"secret\":\"{WebhookSecret}\"  "), Ct));
            await Keep(answers, await op.PostAsync("api/v1/campaigns", Json.Raw($"{{\"name\":\"x\",\"webhook\":{{\"url\":\"{hooks.Url}\",\"secret\":\"{WebhookSecret}\"}},\"documentIds\":[\"nope\"]}}"), Ct));
            await Keep(answers, await op.PostAsync("api/v1/campaigns", Json.Raw($"{{\"name\":\"x\",\"webhook\":{{\"url\":\"{hooks.Url}\",\"secret\":[\"{WebhookSecret}\"]}}}}"), Ct));
            foreach (var wrong in new[] { TrunkPassword, DbPassword, WebhookSecret })
            {
                using var pasted = gw.Client(wrong);
                await Keep(answers, await pasted.GetAsync("api/v1/campaigns", Ct));
            }

            using var noScheme = new HttpRequestMessage(HttpMethod.Get, "api/v1/campaigns");
            noScheme.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("u:" + TrunkPassword)));
            using var anonymous = gw.Client(null);
            await Keep(answers, await anonymous.SendAsync(noScheme, Ct));
            using var viewer = gw.Client(await CreateViewerAsync(admin));
            await Keep(answers, await viewer.PostAsync("api/v1/keys", Json.Body(new { name = "x", role = "admin" }), Ct));

            await Task.Delay(300, Ct); // the file sinks write each event as it comes; let the last ones land
            logs = ReadLogs(gw.Directory);
        }

        // The call really used the password: the digest answer matches it, and the wire never carried it.
        var auth = Assert.Single(trunk.Authorizations);
        Assert.Equal(TrunkUser, DigestChallengingTrunk.Param(auth, "username"));
        Assert.Equal(DigestChallengingTrunk.ExpectedResponse(TrunkUser, TrunkPassword, DigestChallengingTrunk.Param(auth, "uri")), DigestChallengingTrunk.Param(auth, "response"));
        var wire = string.Join("\n", trunk.Received);

        // The logs are the full story (not an empty file that proves nothing).
        Assert.True(logs.Contains("+12125550111", StringComparison.Ordinal), "the logs do not name the number: " + logs[..Math.Min(logs.Length, 3000)]);
        Assert.Contains("secured", logs, StringComparison.Ordinal);
        Assert.Contains("Store migrated (postgres", logs, StringComparison.Ordinal);

        var leaks = new List<string>();
        foreach (var (name, secret) in new[]
        {
            ("trunk password", TrunkPassword), ("database password", DbPassword), ("bootstrap key", BootstrapKey),
            ("created API key", generatedKey), ("webhook secret", WebhookSecret),
        })
        {
            // The listing prefix (8 characters) is shown by design; the rest of a key must never be.
            var tail = secret[8..];
            if (logs.Contains(tail, StringComparison.Ordinal))
            {
                leaks.Add($"{name} in the logs: …{Around(logs, tail)}…");
            }

            if (answers.ToString().Contains(tail, StringComparison.Ordinal))
            {
                leaks.Add($"{name} in an API answer: …{Around(answers.ToString(), tail)}…");
            }

            if (wire.Contains(tail, StringComparison.Ordinal))
            {
                leaks.Add($"{name} on the SIP wire");
            }
        }

        Assert.Empty(leaks);
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    private static async Task<string> CreateViewerAsync(HttpClient admin)
    {
        using var r = await admin.PostAsync("api/v1/keys", Json.Body(new { name = "viewer", role = "viewer" }), Ct);
        return (await Json.ReadAsync(r)).GetProperty("key").GetString()!;
    }

    // Every answer's status, headers and body; the key-creation answer is the one place a (new) key may appear.
    private static async Task Keep(StringBuilder answers, HttpResponseMessage response, bool expectSecret = false)
    {
        using (response)
        {
            if (expectSecret)
            {
                return;
            }

            answers.Append((int)response.StatusCode).Append(' ').Append(response.Headers).Append(response.Content.Headers)
                .Append(await response.Content.ReadAsStringAsync(Ct)).Append('\n');
        }
    }

    private static string ReadLogs(string directory)
    {
        var sb = new StringBuilder();
        foreach (var file in Directory.GetFiles(Path.Combine(directory, "logs")))
        {
            sb.Append("=== ").Append(Path.GetFileName(file)).Append('\n');
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            sb.Append(reader.ReadToEnd());
        }

        return sb.ToString();
    }

    private static string Around(string text, string secret)
    {
        var i = text.IndexOf(secret, StringComparison.Ordinal);
        return text[Math.Max(0, i - 150)..Math.Min(text.Length, i + secret.Length + 50)];
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(50, Ct);
        }

        Assert.True(condition(), what + " did not happen");
    }
}
