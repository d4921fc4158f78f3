using System.Net;
using Gateway.Calls.Simulator;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;
using Gateway.Media.Prompts;
using Gateway.Media.Transport;
using Gateway.Sip.UserAgent;
using Xunit;

namespace Gateway.Calls.Tests;

/// <summary>
/// Whole calls in real time over 127.0.0.1: our FaxCall (SIP UAC, RTP, detectors, T.30 over T.38)
/// against the built-in far end (SIP UAS, recorded voices, our T.30 receiver).
/// </summary>
public sealed class FaxCallEndToEndTests : IAsyncLifetime
{
    private static readonly string Root = FindRoot();
    private static readonly FaxPage Page = FaxTestChart.Create(FaxResolution.Fine, 200);
    private readonly string _output = Directory.CreateTempSubdirectory("gateway-e2e").FullName;
    private MediaLoop _media = null!;
    private MediaPortAllocator _ports = null!;
    private SipUserAgent _ua = null!;
    private FarEndSimulator _simulator = null!;

    public ValueTask InitializeAsync()
    {
        _media = new MediaLoop(TimeProvider.System, threads: 1);
        _media.Start();
        _ports = new MediaPortAllocator(IPAddress.Loopback, 46000, 46999);
        _ua = SipUserAgent.CreateUdp(new IPEndPoint(IPAddress.Loopback, 0));
        _simulator = new FarEndSimulator(
            new FarEndSimulatorOptions
            {
                VoicesFolder = Path.Combine(Root, "assets", "simulator"),
                OutputFolder = _output,
                Offices = new Dictionary<string, SimulatedOffice>
                {
                    ["+77270000001"] = SimulatedOffice.FaxMachine,
                    ["+77270000002"] = SimulatedOffice.Person,
                    ["+77270000003"] = SimulatedOffice.Busy,
                    ["+77270000004"] = SimulatedOffice.SilentPerson,
                    ["+77270000005"] = SimulatedOffice.NoAnswer,
                },
            },
            _media,
            _ports,
            TimeProvider.System);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _simulator.DisposeAsync();
        await _ua.DisposeAsync();
        _media.Dispose();
        Directory.Delete(_output, recursive: true);
    }

    private Task<FaxCallOutcome> Call(string number, FaxCallTimeouts? timeouts = null)
    {
        var env = new FaxCallEnvironment(_ua, _media, _ports, IPAddress.Loopback, TimeProvider.System);
        var request = new FaxCallRequest
        {
            Target = number,
            Trunk = new SipTrunk { Name = "simulator", Host = "127.0.0.1", Port = _simulator.SipEndPoint.Port },
            Document = new FaxDocumentPageSource(new FaxDocument([Page])),
            T30 = new T30Settings { LocalIdent = "+7 727 GATEWAY", Ecm = false },
            Prompt = PromptLoader.Load(Path.Combine(Root, "assets", "prompts", "prinyat-fax.wav")),
            Settings = new FaxCallSettings { PagesTotal = 1, Timeouts = timeouts ?? new FaxCallTimeouts() },
        };
        return new FaxCall(env, request).RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_fax_machine_behind_a_t38_gateway_gets_the_page()
    {
        FaxCallOutcome outcome = await Call("+77270000001");

        Assert.Equal(FailureClass.Succeeded, outcome.Failure);
        Assert.Equal(FaxTransport.T38, outcome.Transport);
        Assert.Equal(AnsweredBy.Fax, outcome.AnsweredBy);
        Assert.Equal(1, outcome.PagesConfirmed);
        Assert.Equal("SIMULATED OFFICE", outcome.RemoteIdent);
        Assert.Equal(200, outcome.SipStatus);
        ReceivedFax fax = Assert.Single(_simulator.Received);
        Assert.True(fax.Result.Succeeded);
        Assert.Single(fax.PageFiles);
        Assert.Equal(0, Page.CountDifferingRows(Assert.Single(fax.Pages)));
    }

    [Fact]
    public async Task A_person_hears_the_prompt_says_da_and_then_the_fax_goes()
    {
        FaxCallOutcome outcome = await Call("+77270000002");

        Assert.Equal(FailureClass.Succeeded, outcome.Failure);
        Assert.Equal(AnsweredBy.Person, outcome.AnsweredBy);
        Assert.Contains(outcome.Timings, t => t.State == FaxCallState.Prompting);
        Assert.Contains(outcome.Timings, t => t.State == FaxCallState.SwitchDelay);
        Assert.Equal(1, outcome.PagesConfirmed);
    }

    [Fact]
    public async Task Busy_and_no_answer_and_a_silent_person_end_with_their_failure_classes_and_no_fax()
    {
        Task<FaxCallOutcome> busy = Call("+77270000003");
        Task<FaxCallOutcome> silent = Call("+77270000004");
        Task<FaxCallOutcome> noAnswer = Call("+77270000005", new FaxCallTimeouts { Ring = TimeSpan.FromSeconds(3) });

        Assert.Equal(FailureClass.Busy, (await busy).Failure);
        Assert.Equal(486, (await busy).SipStatus);
        Assert.Equal(FailureClass.NoAnswer, (await noAnswer).Failure);
        FaxCallOutcome quiet = await silent;
        Assert.Equal(FailureClass.NoReply, quiet.Failure);
        Assert.Equal(AnsweredBy.Person, quiet.AnsweredBy);
        Assert.Empty(_simulator.Received);
    }

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
