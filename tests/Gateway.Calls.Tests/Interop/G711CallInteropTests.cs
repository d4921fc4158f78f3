using Xunit;

namespace Gateway.Calls.Tests.Interop;

/// <summary>Faxes over G.711: sipp answers, libspandsp's audio fax terminal receives behind sipp's RTP port.</summary>
public sealed class G711CallInteropTests : SippCallHarness
{
    [Fact]
    public async Task A_fax_machine_that_answers_directly_gets_every_page_over_g711()
    {
        var pages = Pages(2);
        CallRun run = await RunAsync("answer_g711.xml", new FarEndScript { FaxOverAudio = true }, s => Request(s, pages));

        Assert.True(run.SippExit == 0, run.SippLog);
        Assert.True(run.Outcome.Failure == FailureClass.Succeeded, run.Describe());
        Assert.Equal(AnsweredBy.Fax, run.Outcome.AnsweredBy);
        Assert.Equal(FaxTransport.G711, run.Outcome.Transport);
        Assert.Equal(2, run.Outcome.PagesConfirmed);
        Assert.Equal("SPANDSP FAR END", run.Outcome.RemoteIdent);
        Assert.Equal(0, run.Far.AudioResult.Code); // T30_ERR_OK at spandsp
        Assert.Equal(2, run.Far.AudioResult.Stats.PagesRx);
        Assert.Equal((2, 0), run.PageCoding); // both pages coded off the media thread once our DCS went out
        // Progress told the rate over G.711 while faxing, before the end (gateway send prints it).
        Assert.Contains((FaxCallState.Faxing, FaxTransport.G711, run.Outcome.BitRate), run.Progress);
        Assert.True(run.Outcome.BitRate >= 2400);
        AssertPagesArrived(run.Far.AudioTiff, pages);
        run.Far.DeleteFiles();
    }

    [Fact]
    public async Task A_person_says_allo_hears_the_prompt_says_da_and_the_fax_goes_over_g711()
    {
        var pages = Pages(1);
        CallRun run = await RunAsync("answer_g711.xml", new FarEndScript { Greeting = Allo, Reply = Da, FaxOverAudio = true }, s => Request(s, pages));

        Assert.True(run.SippExit == 0, run.SippLog);
        Assert.True(run.Outcome.Failure == FailureClass.Succeeded, run.Describe());
        Assert.Equal(AnsweredBy.Person, run.Outcome.AnsweredBy);
        Assert.True(run.Far.Replied);
        Assert.Contains(run.Outcome.Timings, t => t.State == FaxCallState.Prompting);
        Assert.Contains(run.Outcome.Timings, t => t.State == FaxCallState.SwitchDelay);
        Assert.Equal(1, run.Far.AudioResult.Stats.PagesRx);
        AssertPagesArrived(run.Far.AudioTiff, pages);
        run.Far.DeleteFiles();
    }
}
