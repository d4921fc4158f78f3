using Gateway.Fax.Documents;
using Gateway.Fax.Pages;
using Xunit;

namespace Gateway.Calls.Tests.Interop;

/// <summary>
/// T.38 with sipp as the far end's signalling and libspandsp's t38_terminal (answering) behind the UDPTL
/// port sipp's re-INVITE announces; and our own re-INVITE refused with 488.
/// </summary>
public sealed class T38CallInteropTests : SippCallHarness
{
    [Fact]
    public async Task The_far_end_reinvites_to_t38_after_the_person_said_da_and_the_fax_goes_over_t38()
    {
        var pages = Pages(1);
        // "Allo?", our prompt, "Da": once we play CNG (the switch delay), the far end's T.38 gateway hears it
        // and re-INVITEs, as a real one does on CNG.
        CallRun run = await RunAsync("reinvite_t38_on_signal.xml", new FarEndScript { Greeting = Allo, Reply = Da }, s => Request(s, pages), signalWhen: c => c.State == FaxCallState.SwitchDelay);

        Assert.True(run.SippExit == 0, run.SippLog); // sipp checked m=image in our 200
        Assert.True(run.Outcome.Failure == FailureClass.Succeeded, run.Describe());
        Assert.Equal(FaxTransport.T38, run.Outcome.Transport);
        Assert.Equal(AnsweredBy.Person, run.Outcome.AnsweredBy);
        Assert.True(run.Far.Replied);
        Assert.Contains(run.Outcome.Timings, t => t.State == FaxCallState.SwitchDelay);
        Assert.Equal(0, run.Far.T38Result.Code);
        AssertPagesArrived(run.Far.T38Tiff, pages);
        run.Far.DeleteFiles();
    }

    [Fact]
    public async Task Our_t38_request_refused_with_488_keeps_the_fax_on_g711()
    {
        var pages = Pages(1);
        CallRun run = await RunAsync("reject_our_t38.xml", new FarEndScript { FaxOverAudio = true }, s => Request(s, pages) with
        {
            Settings = new FaxCallSettings { PagesTotal = 1, T38 = T38Policy.Request },
        });

        Assert.True(run.SippExit == 0, run.SippLog); // sipp saw our re-INVITE with m=image and sent 488
        Assert.True(run.Outcome.Failure == FailureClass.Succeeded, run.Describe());
        Assert.Equal(FaxTransport.G711, run.Outcome.Transport);
        Assert.False(run.Far.SawT38);
        AssertPagesArrived(run.Far.AudioTiff, pages);
        run.Far.DeleteFiles();
    }

    [Fact]
    public async Task Five_percent_udptl_loss_each_way_is_recovered_by_redundancy()
    {
        var pages = Pages(2);
        CallRun run = await RunAsync("reinvite_t38.xml", new FarEndScript { UdptlLoss = 0.05 }, s => Request(s, pages), TimeSpan.FromSeconds(1));

        Assert.True(run.SippExit == 0, run.SippLog);
        Assert.True(run.Outcome.Failure == FailureClass.Succeeded, run.Describe());
        Assert.Equal(FaxTransport.T38, run.Outcome.Transport);
        Assert.Equal(AnsweredBy.Fax, run.Outcome.AnsweredBy);
        Assert.True(run.Far.Dropped > 5, $"dropped {run.Far.Dropped}");
        Assert.Equal(2, run.Far.T38Result.Stats.PagesRx);
        Assert.Equal(0, run.PageCoding.CodedOnDemand);
        Assert.Contains(run.Progress, p => p.State == FaxCallState.Faxing && p.Transport == FaxTransport.T38 && p.BitRate == run.Outcome.BitRate);
        AssertPagesArrived(run.Far.T38Tiff, pages);
        run.Far.DeleteFiles();
    }

    [Fact]
    public async Task A_switch_to_t38_while_t30_runs_over_g711_restarts_phase_b_and_the_fax_completes()
    {
        var pages = Pages(1);
        // spandsp answers at once: CED ~3.3 s, then DIS; the re-INVITE follows our DCS over G.711 (T.30 phase B:
        // the rate is known once our DCS went out), before any page.
        CallRun run = await RunAsync("reinvite_t38_on_signal.xml", new FarEndScript { FaxOverAudio = true }, s => Request(s, pages),
            signalWhen: c => c.Transport == FaxTransport.G711 && c.BitRate > 0);

        Assert.True(run.SippExit == 0, run.SippLog);
        Assert.True(run.Far.AudioFaxSecondsAtSwitch >= 4, $"audio fax ran {run.Far.AudioFaxSecondsAtSwitch} s before the switch");
        Assert.True(run.Outcome.Failure == FailureClass.Succeeded, run.Describe());
        Assert.Equal(FaxTransport.T38, run.Outcome.Transport);
        Assert.Equal(1, run.Outcome.PagesConfirmed);
        Assert.Equal(0, run.Far.AudioResult.Stats.PagesRx); // the switch came before phase C over G.711
        Assert.Equal(0, run.Far.T38Result.Code);
        AssertPagesArrived(run.Far.T38Tiff, pages);
        run.Far.DeleteFiles();
    }

    [Fact]
    public async Task A_switch_to_t38_after_a_page_was_confirmed_over_g711_resumes_at_the_first_unconfirmed_page()
    {
        // Page 1 is small, page 2 long (about 20 s on the line): the re-INVITE is sent the moment our call has
        // page 1 confirmed by MCF, so it lands while page 2 is sent, however long phase B took.
        FaxPage[] pages =
        [
            FaxTestChart.Create(FaxResolution.Fine, height: 60, seed: 1),
            FaxTestChart.Create(FaxResolution.Fine, height: 800, seed: 2),
        ];
        CallRun run = await RunAsync("reinvite_t38_on_signal.xml", new FarEndScript { FaxOverAudio = true }, s => Request(s, pages), signalWhen: c => c.PagesConfirmed == 1);

        Assert.True(run.SippExit == 0, run.SippLog);
        Assert.True(run.Outcome.Failure == FailureClass.Succeeded, run.Describe());
        Assert.Equal(FaxTransport.T38, run.Outcome.Transport);
        Assert.Equal(2, run.Outcome.PagesConfirmed); // page 1 over G.711 stays counted
        Assert.True(run.Far.AudioResult.Stats.PagesRx == 1, $"spandsp's audio fax received {run.Far.AudioResult.Stats.PagesRx} page(s) before the switch; {run.Describe()}");
        Assert.Equal(0, run.Far.T38Result.Code);
        Assert.Equal(1, run.Far.T38Result.Stats.PagesRx); // T.30 restarted at page 2: page 1 was not sent again
        AssertPagesArrived(run.Far.T38Tiff, pages[1..]);
        run.Far.DeleteFiles();
    }
}
