using Xunit;

namespace Gateway.Calls.Tests.Interop;

/// <summary>The far end hangs up mid-fax: PartialSend, and the retry starts at the first unconfirmed page.</summary>
public sealed class ResumeInteropTests : SippCallHarness
{
    [Fact]
    public async Task A_far_end_bye_mid_page_gives_partial_send_and_the_retry_sends_only_the_rest()
    {
        var pages = Pages(3);
        // spandsp answers at once over G.711; the BYE comes while a later page is on the line.
        CallRun first = await RunAsync("far_bye.xml", new FarEndScript { FaxOverAudio = true }, s => Request(s, pages), TimeSpan.FromSeconds(ByeAfterSeconds));

        Assert.True(first.SippExit == 0, first.SippLog);
        Assert.True(first.Outcome.Failure == FailureClass.PartialSend, first.Describe());
        int confirmed = first.Outcome.PagesConfirmed;
        Assert.InRange(confirmed, 1, pages.Length - 1);
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

    /// <summary>CED, phase B and TCF take about 10 s over G.711, each small page about 4 s: the BYE lands after page 1 (measured: 2 pages end to end in 20 s).</summary>
    private const double ByeAfterSeconds = 16;
}
