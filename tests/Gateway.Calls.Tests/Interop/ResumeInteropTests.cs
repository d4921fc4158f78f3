using Xunit;

namespace Gateway.Calls.Tests.Interop;

/// <summary>The far end hangs up mid-fax: PartialSend, and the retry starts at the first unconfirmed page.</summary>
public sealed class ResumeInteropTests : SippCallHarness
{
    [Fact]
    public async Task A_far_end_bye_mid_page_gives_partial_send_and_the_retry_sends_only_the_rest()
    {
        var pages = Pages(3);
        // spandsp answers at once over G.711; sipp's BYE is sent the moment our call has page 1 confirmed
        // (MCF), so it arrives while page 2 is on the line however slow the host makes phase B.
        CallRun first = await RunAsync("far_bye.xml", new FarEndScript { FaxOverAudio = true }, s => Request(s, pages), signalWhen: c => c.PagesConfirmed == 1);

        Assert.True(first.SippExit == 0, first.SippLog);
        Assert.True(first.Outcome.Failure == FailureClass.PartialSend, first.Describe());
        int confirmed = first.Outcome.PagesConfirmed;
        Assert.Equal(1, confirmed);
        Assert.Equal(3, first.Outcome.PagesTotal);
        Assert.Equal(confirmed, first.Far.AudioResult.Stats.PagesRx);
        first.Far.DeleteFiles();

        CallRun retry = await RunAsync("answer_g711.xml", new FarEndScript { FaxOverAudio = true }, s => Request(s, pages, startPage: confirmed));

        Assert.True(retry.SippExit == 0, retry.SippLog);
        Assert.True(retry.Outcome.Failure == FailureClass.Succeeded, retry.Describe());
        Assert.Equal(pages.Length - confirmed, retry.Outcome.PagesConfirmed);
        AssertPagesArrived(retry.Far.AudioTiff, pages[confirmed..]);
        retry.Far.DeleteFiles();
    }
}
