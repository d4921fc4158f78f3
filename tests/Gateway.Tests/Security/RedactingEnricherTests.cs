using System.Globalization;
using Gateway.Security;
using Gateway.Telephony;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Gateway.Tests.Security;

/// <summary>
/// The log redactor on a real Serilog pipeline: whatever shape a secret takes in an event (a string, a record's
/// ToString, a destructured options object, a connection string, a bearer header, a generated key), neither the
/// rendered text nor the compact JSON carries it, and the rest of the event is left as it was.
/// </summary>
public sealed class RedactingEnricherTests
{
    private const string TrunkPassword = "trunkpw-unit-5150";
    private const string DbPassword = "dbpw-unit-8080";
    private const string WebhookSecret = "hook-unit-secret-77";

    private static readonly IConfiguration Config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Sip:Trunks:0:Password"] = TrunkPassword,
        ["Store:Postgres:ConnectionString"] = $"Host=db;Username=gw;Password={DbPassword};Database=gw",
        ["Api:BootstrapAdminKey"] = "bootstrap-unit-key-000000",
        ["Sip:Trunks:0:Name"] = "main",
    }).Build();

    [Fact]
    public void Configured_secrets_and_secret_shaped_values_are_masked_in_text_and_json()
    {
        var (text, json) = Log(log =>
        {
            log.Information("Trunk {Trunk} password {Value}", "main", TrunkPassword);
            log.Information("Connecting with {ConnectionString}", $"Host=other;Password={DbPassword}");
            log.Information("Other database {Conn}", "Host=x;Username=y;Pwd='never seen';Database=z");
            log.Information("Options {@Trunk}", new TrunkOptions { Name = "main", Username = "u", Password = TrunkPassword });
            log.Information("Hook {Hook}", new Hook(new Uri("https://example.test/h"), WebhookSecret));
            log.Information("Header {Header}", "Authorization: Bearer abc.DEF-ghi_123");
            log.Information("Key {Key}", "gwk_" + new string('x', 43));
            log.Information("Map {@Map}", new Dictionary<string, string> { ["Secret"] = WebhookSecret, ["Url"] = "https://example.test" });
            log.Information("List {@List}", new[] { "a", "Password=hunter22;" });
        });

        foreach (var secret in new[] { TrunkPassword, DbPassword, WebhookSecret, "never seen", "abc.DEF-ghi_123", new string('x', 43), "hunter22", "bootstrap-unit-key" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
        }

        // What is not secret is untouched.
        Assert.Contains("Trunk \"main\" password \"***\"", text, StringComparison.Ordinal);
        Assert.Contains("Host=other;Password=***", text, StringComparison.Ordinal);
        Assert.Contains("Username=y;Pwd=***;Database=z", text, StringComparison.Ordinal);
        Assert.Contains("Url = https://example.test/h, Secret = ***", text, StringComparison.Ordinal);
        Assert.Contains("Bearer ***", text, StringComparison.Ordinal);
        Assert.Contains("gwk_***", text, StringComparison.Ordinal);
        Assert.Contains("Username\":\"u\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Password\":\"***\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_without_secrets_pass_unchanged()
    {
        var (text, _) = Log(log => log.Information("Dialing {Number} through trunk {Trunk}, page {Page} at {At}",
            "+12125550100", "main", 3, new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero)));
        Assert.Equal("Dialing \"+12125550100\" through trunk \"main\", page 3 at 11/29/2026 01:02:03 +00:00", text.Trim());
    }

    [Fact]
    public void Short_configured_values_are_not_masked_everywhere()
    {
        var redactor = new SecretRedactor(["abc", "longer-secret"]);
        Assert.Equal("abc *** abc", redactor.Redact("abc longer-secret abc"));
        var same = "nothing here";
        Assert.Same(same, redactor.Redact(same));
    }

    private static (string Text, string Json) Log(Action<ILogger> write)
    {
        var sink = new CollectingSink();
        using (var log = new LoggerConfiguration().MinimumLevel.Verbose().Enrich.With(new RedactingEnricher(SecretRedactor.From(Config))).WriteTo.Sink(sink).CreateLogger())
        {
            write(log);
        }

        return (sink.Text.ToString(), sink.Json.ToString());
    }

    private sealed record Hook(Uri Url, string Secret);

    private sealed class CollectingSink : ILogEventSink
    {
        private readonly CompactJsonFormatter _json = new();

        public System.Text.StringBuilder Text { get; } = new();

        public StringWriter Json { get; } = new(CultureInfo.InvariantCulture);

        public void Emit(LogEvent logEvent)
        {
            Text.AppendLine(logEvent.RenderMessage(CultureInfo.InvariantCulture));
            _json.Format(logEvent, Json);
        }
    }
}
