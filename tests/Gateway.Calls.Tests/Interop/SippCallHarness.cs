using System.Net;
using Gateway.Calls.Capture;
using Gateway.Fax.Documents;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;
using Gateway.Media.Prompts;
using Gateway.Media.Transport;
using Gateway.Sip.Auth;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;
using Xunit;

namespace Gateway.Calls.Tests.Interop;

/// <summary>
/// What the sipp + libspandsp end-to-end classes share: one media loop, one SIP user agent and a media
/// port range per class (classes run in parallel), the recorded voices and small test-chart pages.
/// </summary>
public abstract class SippCallHarness : IAsyncLifetime
{
    private static readonly Lock TimingsGate = new();
    private static int _nextRange;
    private MediaLoop _media = null!;
    private MediaPortAllocator _ports = null!;
    private SipUserAgent _ua = null!;

    /// <summary>Where the user agent's capturing transport reports SIP messages (every class gets one; idle unless a call captures).</summary>
    internal SipCaptureRouter SipCapture { get; } = new();

    internal static readonly string Root = FindRoot();

    internal static Prompt Allo { get; } = PromptLoader.Load(Path.Combine(Root, "assets", "simulator", "allo.wav"));

    internal static Prompt Da { get; } = PromptLoader.Load(Path.Combine(Root, "assets", "simulator", "da.wav"));

    internal static Prompt PromptWav { get; } = PromptLoader.Load(Path.Combine(Root, "assets", "prompts", "prinyat-fax.wav"));

    /// <summary>Small pages (60 rows at fine resolution): a few kB each, seconds on the line.</summary>
    internal static FaxPage[] Pages(int count) =>
        Enumerable.Range(0, count).Select(i => FaxTestChart.Create(FaxResolution.Fine, height: 60, seed: i + 1)).ToArray();

    public ValueTask InitializeAsync()
    {
        _media = new MediaLoop(TimeProvider.System, threads: 1);
        _media.Start();
        int first = 47000 + (Interlocked.Increment(ref _nextRange) * 100);
        _ports = new MediaPortAllocator(IPAddress.Loopback, first, first + 99);
        _ua = new SipUserAgent(new CapturingSipTransport(new UdpSipTransport(new IPEndPoint(IPAddress.Loopback, 0)), SipCapture));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _ua.DisposeAsync();
        _media.Dispose();
    }

    internal FaxCallRequest Request(SippUas sipp, FaxPage[] pages, int startPage = 0) => new()
    {
        Target = "+77270000100",
        Trunk = new SipTrunk
        {
            Name = "sipp",
            Host = "127.0.0.1",
            Port = sipp.Port,
            Credentials = new DigestCredentials("faxuser", "s3cret"),
        },
        Document = new FaxDocumentPageSource(new FaxDocument(pages)),
        T30 = new T30Settings { LocalIdent = "+7 727 GATEWAY", Ecm = false, StartPage = startPage },
        Prompt = PromptWav,
        Settings = new FaxCallSettings { PagesTotal = pages.Length - startPage },
    };

    /// <summary>Runs one call through sipp and the far end and waits for sipp to finish its scenario.</summary>
    /// <param name="signalWhen">For a scenario that waits at a &lt;recvCmd&gt;: checked at every progress step of
    /// our call (state, rate, pages confirmed); the first time it holds, sipp is told to go on (its BYE or
    /// re-INVITE then follows that event, not a fixed time that a loaded host can move).</param>
    internal async Task<CallRun> RunAsync(string scenario, FarEndScript script, Func<SippUas, FaxCallRequest> request, TimeSpan pause = default, CallCaptureSettings? capture = null, Func<FaxCall, bool>? signalWhen = null)
    {
        using var far = new FarEndLine(script);
        await using SippUas sipp = await SippUas.StartAsync(scenario, far.RtpPort, far.UdptlPort, pause, _ua.LocalEndPoint.EndPoint);
        var env = new FaxCallEnvironment(_ua, _media, _ports, IPAddress.Loopback, TimeProvider.System) { Capture = capture, SipCapture = SipCapture };
        var started = DateTimeOffset.UtcNow;
        var call = new FaxCall(env, request(sipp));
        var lines = new List<(FaxCallState, FaxTransport, int)>();
        call.Progress += c =>
        {
            lines.Add((c.State, c.Transport, c.BitRate));
            if (signalWhen is not null && !sipp.Signalled && c.CallId is { } callId && signalWhen(c))
            {
                sipp.Signal(callId);
            }
        };
        FaxCallOutcome outcome = await call.RunAsync(TestContext.Current.CancellationToken);
        int exit = await sipp.WaitAsync(TimeSpan.FromSeconds(60));
        string messages = sipp.Messages;
        string log = exit == 0 ? "" : sipp.Log;
        // spandsp completes its TIFF only at phase E, after our DCN has crossed the line: let it finish.
        int waits = outcome.Failure == FailureClass.Succeeded ? 100 : 20; // a fax that failed may never reach it
        for (int i = 0; i < waits && !far.PhaseE && FaxRan(outcome); i++)
        {
            await Task.Delay(100);
        }

        await Task.Delay(100);
        far.Dispose();
        var run = new CallRun(outcome, exit, messages, log, far, DateTimeOffset.UtcNow - started, sipp.Port, call.PageCoding, lines);
        string line = $"{TestContext.Current.Test?.TestDisplayName}\t{scenario}\t{outcome.Failure}\t{outcome.Transport}\tcall {(outcome.EndedAt - outcome.StartedAt).TotalSeconds:F1} s\t"
            + string.Join(" ", outcome.Timings.Select(t => $"{t.State}={t.Duration.TotalSeconds:F1}"));
        TestContext.Current.SendDiagnosticMessage(line);
        if (Environment.GetEnvironmentVariable("CALLS_E2E_TIMINGS") is { Length: > 0 } timings)
        {
            lock (TimingsGate)
            {
                File.AppendAllText(timings, line + Environment.NewLine); // figures for docs/calls.md
            }
        }
        return run;
    }

    /// <summary>The pages spandsp wrote, read back (our TIFF reader), compared pel for pel with what we meant to send.</summary>
    internal static void AssertPagesArrived(string tiff, FaxPage[] expected)
    {
        FaxDocument received;
        using (FileStream file = File.OpenRead(tiff))
        {
            received = FaxTiff.Read(file, Path.GetFileName(tiff));
        }

        Assert.Equal(expected.Length, received.Pages.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Width, received.Pages[i].Width);
            Assert.Equal(expected[i].Height, received.Pages[i].Height);
            Assert.Equal(0, expected[i].CountDifferingRows(received.Pages[i]));
        }
    }

    /// <summary>Whether the far end's fax ran in this call (worth waiting for its phase E).</summary>
    private static bool FaxRan(FaxCallOutcome outcome) => outcome.Timings.Any(t => t.State == FaxCallState.Faxing);

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Gateway.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Gateway.sln not found above the test binaries.");
    }
}

/// <summary>One finished call: our outcome, sipp's verdict and messages, the far end.</summary>
internal sealed record CallRun(FaxCallOutcome Outcome, int SippExit, string SipMessages, string SippLog, FarEndLine Far, TimeSpan WallTime, int SippPort, (int Precoded, int CodedOnDemand) PageCoding, List<(FaxCallState State, FaxTransport Transport, int BitRate)> Progress)
{
    /// <summary>Everything a failed assertion needs to say why.</summary>
    public string Describe() =>
        $"{Outcome.Failure} ({Outcome.Reason}; T.30 {Outcome.T30Result}; {Outcome.Transport}; pages {Outcome.PagesConfirmed}/{Outcome.PagesTotal}; "
        + $"states {string.Join(", ", Outcome.Timings.Select(t => t.State))}); spandsp audio {Far.AudioResult.Code} pages {Far.AudioResult.Stats.PagesRx}, "
        + $"t38 {Far.T38Result.Code} pages {Far.T38Result.Stats.PagesRx}";
}
