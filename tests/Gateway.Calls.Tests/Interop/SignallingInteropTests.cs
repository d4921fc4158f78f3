using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace Gateway.Calls.Tests.Interop;

/// <summary>Calls that end in signalling or before the fax: busy, no answer, 407 digest, a person who never replies.</summary>
public sealed partial class SignallingInteropTests : SippCallHarness
{
    [Fact]
    public async Task Busy_486_ends_the_call_as_busy_without_media()
    {
        CallRun run = await RunAsync("busy.xml", new FarEndScript(), s => Request(s, Pages(1)));

        Assert.True(run.SippExit == 0, run.SippLog);
        Assert.True(run.Outcome.Failure == FailureClass.Busy, run.Describe());
        Assert.Equal(486, run.Outcome.SipStatus);
        Assert.Equal(AnsweredBy.None, run.Outcome.AnsweredBy);
    }

    [Fact]
    public async Task No_answer_is_cancelled_at_the_ring_timeout()
    {
        CallRun run = await RunAsync("ring_no_answer.xml", new FarEndScript(), s => Request(s, Pages(1)) with
        {
            Settings = new FaxCallSettings { PagesTotal = 1, Timeouts = new FaxCallTimeouts { Ring = TimeSpan.FromSeconds(2) } },
        });

        Assert.True(run.SippExit == 0, run.SippLog); // sipp saw our CANCEL and our ACK for its 487
        Assert.True(run.Outcome.Failure == FailureClass.NoAnswer, run.Describe());
        Assert.Contains("CANCEL sip:", run.SipMessages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_authentication_407_is_answered_with_a_correct_md5_digest_and_the_fax_goes()
    {
        var pages = Pages(1);
        CallRun run = await RunAsync("auth_407.xml", new FarEndScript { FaxOverAudio = true }, s => Request(s, pages));

        Assert.True(run.SippExit == 0, run.SippLog);
        Assert.True(run.Outcome.Failure == FailureClass.Succeeded, run.Describe());
        Match m = DigestHeader().Match(run.SipMessages);
        Assert.True(m.Success, run.SipMessages);
        // RFC 2617 §3.2.2.1 with qop=auth: MD5(HA1:nonce:nc:cnonce:qop:HA2).
        string ha1 = Md5("faxuser:sipp.test:s3cret");
        string ha2 = Md5("INVITE:" + m.Groups["uri"].Value);
        string expected = Md5($"{ha1}:4f3a9c1d7e2b:{m.Groups["nc"].Value}:{m.Groups["cnonce"].Value}:auth:{ha2}");
        Assert.Equal(expected, m.Groups["response"].Value);
        AssertPagesArrived(run.Far.AudioTiff, pages);
        run.Far.DeleteFiles();
    }

    [Fact]
    public async Task A_person_who_never_replies_gets_the_prompt_twice_and_no_fax()
    {
        CallRun run = await RunAsync("answer_g711.xml", new FarEndScript { Greeting = Allo }, s => Request(s, Pages(1)) with
        {
            Settings = new FaxCallSettings { PagesTotal = 1, Timeouts = new FaxCallTimeouts { Reply = TimeSpan.FromSeconds(2) } },
        });

        Assert.True(run.SippExit == 0, run.SippLog);
        Assert.True(run.Outcome.Failure == FailureClass.NoReply, run.Describe());
        Assert.Equal(AnsweredBy.Person, run.Outcome.AnsweredBy);
        Assert.Equal(2, run.Outcome.Timings.Count(t => t.State == FaxCallState.Prompting));
        Assert.DoesNotContain(run.Outcome.Timings, t => t.State == FaxCallState.Faxing);
        Assert.Null(run.Far.AudioResult.Code); // spandsp never ran
    }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("Proxy-Authorization: Digest username=\"faxuser\", realm=\"sipp.test\", nonce=\"4f3a9c1d7e2b\", uri=\"(?<uri>[^\"]+)\", response=\"(?<response>[0-9a-f]{32})\", algorithm=MD5, qop=auth, nc=(?<nc>[0-9]{8}), cnonce=\"(?<cnonce>[0-9a-f]+)\"")]
    private static partial Regex DigestHeader();
}
