using Gateway.Media.Rtp;
using Xunit;

namespace Gateway.Media.Tests.Rtp;

public class RtpSequenceTrackerTests
{
    [Fact]
    public void Extends_across_the_16_bit_wrap()
    {
        var tracker = new RtpSequenceTracker();
        Assert.Equal(65534, tracker.Extend(7, 65534, out _));
        Assert.Equal(65535, tracker.Extend(7, 65535, out _));
        Assert.Equal(65536, tracker.Extend(7, 0, out _));
        Assert.Equal(65538, tracker.Extend(7, 2, out bool restarted));
        Assert.False(restarted);
        Assert.Equal(65537, tracker.Extend(7, 1, out _)); // late packet keeps its place after the wrap
    }

    [Fact]
    public void A_new_ssrc_restarts_the_sequence()
    {
        var tracker = new RtpSequenceTracker();
        tracker.Extend(7, 100, out _);
        Assert.Equal(5, tracker.Extend(8, 5, out bool restarted));
        Assert.True(restarted);
        Assert.Equal(1, tracker.Restarts);
        Assert.Equal(8u, tracker.Ssrc);
    }

    [Fact]
    public void A_jump_beyond_max_dropout_restarts_and_old_duplicates_are_refused()
    {
        var tracker = new RtpSequenceTracker();
        tracker.Extend(7, 1000, out _);
        tracker.Extend(7, 10000, out bool restarted);
        Assert.True(restarted);

        var fresh = new RtpSequenceTracker();
        fresh.Extend(1, 10, out _);
        Assert.Equal(-1, fresh.Extend(1, 65500, out _)); // 46 before the very first packet: nowhere to place it
    }
}
