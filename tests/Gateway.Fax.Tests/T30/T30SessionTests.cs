using Xunit;
using Gateway.Fax.T30;
using Gateway.Fax.T30.Frames;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Fax.Tests.T30;

public class T30SessionTests
{
    private static (T30Session Tx, T30Session Rx, T30Link Link, TestPages Source, TestPages Sink, FakeTimeProvider Time) Pair(
        T30Settings txSettings, T30Settings rxSettings, TestPages source)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var sink = new TestPages();
        var tx = new T30Session(txSettings with { IsCaller = true }, time, source: source);
        var rx = new T30Session(rxSettings with { IsCaller = false }, time, sink: sink);
        return (tx, rx, new T30Link(time, tx, rx), source, sink, time);
    }

    [Fact]
    public void Sends_three_pages_without_ecm_and_both_sides_report_ok()
    {
        var source = TestPages.Random(3, 5000, 1);
        var (tx, rx, link, _, sink, _) = Pair(new T30Settings { Ecm = false, LocalIdent = "+1 555 0100" }, new T30Settings { LocalIdent = "+1 555 0199" }, source);
        link.Run(TimeSpan.FromMinutes(5));
        Assert.Equal(T30CompletionCode.Ok, tx.Result.Code);
        Assert.Equal(T30CompletionCode.Ok, rx.Result.Code);
        Assert.Equal(3, tx.Result.PagesConfirmed);
        Assert.Equal(3, sink.Received.Count);
        Assert.Empty(source.Received);
        for (var i = 0; i < 3; i++)
            Assert.Equal(source.Encode(i, default).ToArray(), sink.Received[i]);
        Assert.Equal("+1 555 0199", tx.Result.RemoteIdent);
        Assert.Equal("+1 555 0100", rx.Result.RemoteIdent);
        Assert.Equal(FaxModem.V17_14400, tx.Result.Modem);
        Assert.False(tx.Result.Ecm);
        Assert.Equal(T30Compression.MR, tx.Result.Compression);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(64)]
    public void Ecm_retransmits_only_the_frames_the_receiver_missed(int frameSize)
    {
        var source = TestPages.Random(2, 100_000, 2); // > 256 frames of 256 octets: several blocks
        var (tx, rx, link, _, sink, _) = Pair(new T30Settings { EcmFrameSize = frameSize }, new T30Settings(), source);
        var dropped = new HashSet<int>();
        link.DropFromCaller = (frame, index) =>
            frame[2] == T30Fcf.Fcd && index % 37 == 5 && dropped.Add(index);
        link.Run(TimeSpan.FromMinutes(30));
        Assert.True(rx.Result.Code == T30CompletionCode.Ok, rx.Result.Text + "\n" + string.Join("\n", link.Trace.TakeLast(12)));
        Assert.Equal(T30CompletionCode.Ok, tx.Result.Code);
        Assert.Equal(T30CompletionCode.Ok, rx.Result.Code);
        Assert.True(tx.Result.Ecm);
        Assert.Equal(frameSize, rx.Result.EcmFrameSize);
        Assert.Equal(T30Compression.MMR, tx.Result.Compression);
        Assert.NotEmpty(dropped);
        Assert.Equal(dropped.Count, tx.Result.EcmRetransmittedFrames);
        Assert.Equal(source.Encode(0, default).ToArray(), sink.Received[0]);
        Assert.Equal(source.Encode(1, default).ToArray(), sink.Received[1]);
    }

    [Fact]
    public void Falls_back_after_ftt_until_training_passes()
    {
        var source = TestPages.Random(1, 2000, 3);
        var (tx, rx, link, _, _, _) = Pair(new T30Settings { Ecm = false }, new T30Settings(), source);
        link.TcfQuality = rate => rate > 9600 ? 0.3 : 1.0;
        link.Run(TimeSpan.FromMinutes(5));
        Assert.Equal(T30CompletionCode.Ok, tx.Result.Code);
        Assert.Equal(FaxModem.V17_9600, tx.Result.Modem);
        Assert.Equal(2, tx.Result.Fallbacks);
    }

    [Fact]
    public void Gives_up_with_cannot_train_when_every_rate_fails()
    {
        var source = TestPages.Random(1, 2000, 3);
        var (tx, rx, link, _, _, _) = Pair(new T30Settings { Ecm = false }, new T30Settings(), source);
        link.TcfQuality = _ => 0.1;
        link.Run(TimeSpan.FromMinutes(10));
        Assert.Equal(T30CompletionCode.CannotTrain, tx.Result.Code);
        Assert.Equal(FaxModem.V27ter2400, tx.Result.Modem);
        Assert.True(rx.IsCompleted);
    }

    [Fact]
    public void Resumes_at_the_start_page()
    {
        var source = TestPages.Random(4, 1000, 4);
        var (tx, _, link, _, sink, _) = Pair(new T30Settings { StartPage = 2 }, new T30Settings(), source);
        link.Run(TimeSpan.FromMinutes(5));
        Assert.Equal(T30CompletionCode.Ok, tx.Result.Code);
        Assert.Equal(2, tx.Result.PagesConfirmed);
        Assert.Equal(source.Encode(2, default).ToArray(), sink.Received[0]);
        Assert.Equal(source.Encode(3, default).ToArray(), sink.Received[1]);
    }

    [Fact]
    public void Repeats_dcs_three_times_then_reports_phase_b_failure()
    {
        var source = TestPages.Random(1, 1000, 5);
        var (tx, _, link, _, _, _) = Pair(new T30Settings(), new T30Settings(), source);
        link.DropFromCalled = (frame, _) => frame[2] == T30Fcf.Cfr || frame[2] == T30Fcf.Ftt;
        link.Run(TimeSpan.FromMinutes(5));
        Assert.Equal(T30CompletionCode.TxPhaseBNoResponse, tx.Result.Code);
        Assert.Equal(3, link.Trace.Count(t => t.StartsWith("A", StringComparison.Ordinal) && t.Contains("SendTcf", StringComparison.Ordinal)));
    }

    [Fact]
    public void Times_out_with_t1_when_no_dis_arrives()
    {
        var time = new FakeTimeProvider();
        var tx = new T30Session(new T30Settings(), time, source: TestPages.Random(1, 10, 1));
        tx.Start();
        Assert.NotNull(tx.NextDeadline);
        time.Advance(TimeSpan.FromSeconds(35));
        tx.Tick();
        Assert.True(tx.IsCompleted);
        Assert.Equal(T30CompletionCode.T1Expired, tx.Result.Code);
    }

    [Fact]
    public void Rejected_page_is_sent_again_after_rtn()
    {
        var source = TestPages.Random(1, 3000, 6);
        var (tx, rx, link, _, sink, _) = Pair(new T30Settings { Ecm = false }, new T30Settings(), source);
        sink.Accept = i => i > 0;
        link.Run(TimeSpan.FromMinutes(5));
        Assert.Equal(T30CompletionCode.Ok, tx.Result.Code);
        Assert.Equal(2, sink.Received.Count);
        Assert.Equal(1, tx.Result.PagesConfirmed);
        Assert.Equal(FaxModem.V17_12000, tx.Result.Modem);
    }
}
