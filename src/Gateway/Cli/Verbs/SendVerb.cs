using System.Globalization;
using System.Text.Json;
using Gateway.Calls;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Scheduling;
using Gateway.Media.Prompts;
using Gateway.Hosting;
using Gateway.Telephony;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Cli.Verbs;

/// <summary>
/// <c>gateway send</c>: one fax now, without the service. The same guardrails as a campaign hold: the
/// number must be valid, the destination's local time inside the calling window, and a person gets the
/// prompt and must say yes before any fax tone is sent.
/// Exit 0 when every page was confirmed, 1 when the call failed (the result says why), 2 for bad usage or input.
/// </summary>
public static partial class SendVerb
{
    private static readonly JsonSerializerOptions ResultJson = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The verb.</summary>
    public static Verb Create() => new(
        ["send"],
        "send one fax now through a trunk, without the service (exit 0 confirmed, 1 failed, 2 bad input)",
        "--to NUMBER --file PATH [--file PATH ...] --trunk sip:HOST[:PORT][;transport=udp|tcp|tls]\n" +
        "  [--user NAME --password SECRET] [--from NUMBER] [--ident TSI] [--header TEXT]\n" +
        "  [--prompt WAV | --no-prompt] [--t38 accept|request|off] [--ecm on|off] [--max-rate BPS]\n" +
        "  [--result PATH.json] [--timeout SECONDS] [--region CC] [--time-zone ZONE] [--window 'mon-fri 09:00-18:00']\n" +
        "  [--resolution standard|fine] [--listen ADDRESS] [--media-ports 40000-40999] [--config appsettings.json] [--quiet]",
        new HashSet<string> { "no-prompt", "quiet" },
        RunAsync);

    private static async Task<int> RunAsync(VerbContext ctx)
    {
        SendRequest request = SendRequest.Parse(ctx.Args);
        var time = TimeProvider.System;
        DateTimeOffset now = time.GetUtcNow();

        // Guardrail: a valid number, dialed only inside its local calling window (campaign rules, ARCHITECTURE.md).
        Destination destination;
        try
        {
            destination = new DestinationResolver(request.Region, request.TimeZone).Resolve(new DestinationInput(1, request.To, request.TimeZone));
        }
        catch (DestinationException e)
        {
            throw new UsageException($"--to: {e.Message}");
        }

        var calendar = new CallWindowCalendar(request.Window, TimeZones.Find(destination.TimeZone, "time_zone"));
        if (!calendar.IsOpen(now))
        {
            DateTimeOffset? opens = calendar.NextOpening(now);
            string local = TimeZoneInfo.ConvertTime(now, calendar.Zone).ToString("ddd HH:mm", CultureInfo.InvariantCulture);
            await ctx.Err.WriteLineAsync($"gateway send: not dialing {destination.Number}: it is {local} in {destination.TimeZone}, outside the calling window" +
                (opens is { } o ? $"; it opens at {TimeZoneInfo.ConvertTime(o, calendar.Zone):yyyy-MM-dd HH:mm} local time" : ""));
            return ExitCodes.Failed;
        }

        PreparedFax fax;
        try
        {
            fax = await SendDocuments.PrepareAsync(request, now, ctx.Cancellation);
        }
        catch (Gateway.Fax.Documents.DocumentException e)
        {
            await ctx.Err.WriteLineAsync($"gateway send: {e.Message}");
            return ExitCodes.BadUsage;
        }

        var (callOptions, detection) = ReadConfiguration(request.ConfigPath);
        if (detection.VadFallbackReason() is { } vadWarning)
        {
            await ctx.Err.WriteLineAsync($"gateway send: {vadWarning}");
        }

        Prompt prompt = request.PromptPath is { } wav ? LoadPrompt(wav) : PromptFromDefault(callOptions);
        var trunkOptions = new TrunkOptions
        {
            Name = "send",
            Uri = request.Trunk,
            Username = request.User ?? "",
            Password = request.Password ?? "",
            CallerId = request.From ?? "",
            T38 = request.T38,
            Ecm = request.Ecm,
            MaxBitRate = request.MaxRate,
        };
        CallRuntime runtime;
        try
        {
            runtime = CallRuntime.Start(
                new SipOptions { ListenAddress = request.Listen, ListenPort = 0, Trunks = [trunkOptions] },
                new MediaOptions { BindAddress = request.Listen, PortRangeStart = request.MediaPorts.First, PortRangeEnd = request.MediaPorts.Last, Threads = 1 },
                time,
                NullLoggerFactory.Instance);
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException(e.Message);
        }

        await using (runtime)
        {
            TrunkRoute route = runtime.FindTrunk("send")!;
            var call = new FaxCall(runtime.Environment, new FaxCallRequest
            {
                Target = destination.Number,
                Trunk = route.Trunk,
                Document = fax.Pages,
                T30 = FaxCallPlacer.T30For(trunkOptions, request.Ident ?? request.From ?? ""),
                Prompt = prompt,
                Settings = new FaxCallSettings
                {
                    T38 = request.T38,
                    PagesTotal = fax.Pages.PageCount,
                    PromptPeople = request.PromptPeople,
                    Timeouts = callOptions.ToTimeouts(),
                    OnMachine = callOptions.OnMachine,
                },
                Classifier = detection.AnswerClassifier,
                Reply = detection.Reply,
                Speech = detection.Speech,
                Vad = detection.Vad,
            });
            var progress = new SendProgress(ctx.Out, fax.PagesTotal, request.Quiet);
            call.Progress += progress.OnProgress;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ctx.Cancellation);
            timeout.CancelAfter(request.Timeout);
            FaxCallOutcome outcome = await call.RunAsync(timeout.Token);
            progress.Finish(outcome);

            SendResult result = ToResult(destination.Number, outcome, fax.PagesTotal);
            if (request.ResultPath is { } path)
            {
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, ResultJson) + "\n", CancellationToken.None);
            }

            await ctx.Out.WriteLineAsync($"{result.Outcome}: {result.Reason} ({result.PagesConfirmed}/{result.PagesTotal} pages, {result.Transport}, {result.BitRate} bit/s)");
            return outcome.Failure == Calls.FailureClass.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
        }
    }

    internal static SendResult ToResult(string number, FaxCallOutcome outcome, int pagesTotal) => new()
    {
        Outcome = outcome.Failure.ToString(),
        Reason = outcome.Reason,
        To = number,
        AnsweredBy = outcome.AnsweredBy.ToString().ToLowerInvariant(),
        SipStatus = outcome.SipStatus,
        Transport = outcome.Transport switch { Calls.FaxTransport.T38 => "t38", Calls.FaxTransport.G711 => "g711", _ => "none" },
        BitRate = outcome.BitRate,
        Ecm = outcome.Ecm,
        PagesConfirmed = outcome.PagesConfirmed,
        PagesTotal = pagesTotal,
        RemoteIdent = outcome.RemoteIdent,
        T30Result = outcome.T30Result,
        StartedAt = outcome.StartedAt,
        AnsweredAt = outcome.AnsweredAt,
        EndedAt = outcome.EndedAt,
        DurationSeconds = Math.Round((outcome.EndedAt - outcome.StartedAt).TotalSeconds, 3),
        States = outcome.Timings.Select(t => new SendStateTiming(t.State.ToString(), Math.Round(t.Duration.TotalSeconds, 3))).ToList(),
    };

    private static Prompt LoadPrompt(string path)
    {
        try
        {
            return PromptLoader.Load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException or ArgumentException)
        {
            throw new UsageException($"--prompt '{path}': {e.Message}");
        }
    }

    private static Prompt PromptFromDefault(FaxCallOptions options) =>
        new PromptCatalog(options, AppContext.BaseDirectory).Get(null);

    /// <summary>
    /// The call and detection settings of <c>--config</c> (bound exactly as the service binds them), or the defaults.
    /// A file that does not parse or a value that does not fit its setting is a usage error naming the file.
    /// </summary>
    internal static (FaxCallOptions Call, DetectionOptions Detection) ReadConfiguration(string? path)
    {
        if (path is null)
        {
            return (new FaxCallOptions(), new DetectionOptions());
        }

        try
        {
            IConfiguration config = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
            return (GatewayHost.Bind<FaxCallOptions>(config, FaxCallOptions.Section), DetectionOptions.FromConfiguration(config));
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or InvalidOperationException or System.Text.Json.JsonException)
        {
            throw new UsageException($"--config '{path}': {e.Message}");
        }
    }
}
