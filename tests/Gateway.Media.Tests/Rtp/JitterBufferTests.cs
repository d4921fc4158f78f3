using Gateway.Media.Rtp;
using Xunit;

namespace Gateway.Media.Tests.Rtp;

public class JitterBufferTests
{
    private static byte[] Frame(byte value) => Enumerable.Repeat(value, 160).ToArray();

    [Fact]
    public void Primes_to_the_playout_delay_then_plays_in_timestamp_order_despite_reordering()
    {
        var buffer = new JitterBuffer(JitterBufferMode.Fixed, initialDelayMs: 40, minDelayMs: 20, maxDelayMs: 200, silence: 0xFF);
        var output = new byte[160];

        buffer.Write(1000, Frame(1));
        Assert.Equal(RtpFrameKind.NotStarted, buffer.Read(output));
        buffer.Write(1320, Frame(3)); // arrives before frame 2
        buffer.Write(1160, Frame(2));

        Assert.Equal(RtpFrameKind.Audio, buffer.Read(output));
        Assert.All(output, b => Assert.Equal(1, b));
        Assert.Equal(RtpFrameKind.Audio, buffer.Read(output));
        Assert.All(output, b => Assert.Equal(2, b));
        Assert.Equal(RtpFrameKind.Audio, buffer.Read(output));
        Assert.All(output, b => Assert.Equal(3, b));
        Assert.Equal(RtpFrameKind.Lost, buffer.Read(output)); // nothing more: concealed as silence
        Assert.All(output, b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public void Packets_of_10_ms_fill_a_20_ms_frame_and_a_missing_half_is_partly_lost()
    {
        var buffer = new JitterBuffer(JitterBufferMode.Fixed, 20, 20, 100, 0xD5);
        var output = new byte[160];
        buffer.Write(0, Enumerable.Repeat((byte)7, 80).ToArray());
        buffer.Write(80, Enumerable.Repeat((byte)8, 80).ToArray());
        buffer.Write(160, Enumerable.Repeat((byte)9, 80).ToArray()); // 240..319 never arrives
        buffer.Write(320, Enumerable.Repeat((byte)9, 80).ToArray());

        Assert.Equal(RtpFrameKind.Audio, buffer.Read(output));
        Assert.Equal(7, output[0]);
        Assert.Equal(8, output[159]);
        Assert.Equal(RtpFrameKind.PartlyLost, buffer.Read(output));
        Assert.Equal(9, output[0]);
        Assert.Equal(0xD5, output[159]);
    }

    [Fact]
    public void Fixed_mode_never_changes_its_delay_after_late_packets_but_adaptive_grows()
    {
        var output = new byte[160];
        foreach (JitterBufferMode mode in new[] { JitterBufferMode.Fixed, JitterBufferMode.Adaptive })
        {
            var buffer = new JitterBuffer(mode, 20, 20, 200, 0xFF);
            buffer.Write(0, Frame(1));
            buffer.Write(160, Frame(2));
            buffer.Read(output);
            buffer.Read(output);
            buffer.Read(output);
            buffer.Write(160, Frame(2)); // already played: late

            Assert.Equal(1, buffer.LatePackets);
            Assert.Equal(mode == JitterBufferMode.Fixed ? 20 : 40, buffer.TargetDelayMs);
        }
    }

    [Fact]
    public void A_far_jump_in_timestamps_starts_over_instead_of_waiting_a_second()
    {
        var buffer = new JitterBuffer(JitterBufferMode.Fixed, 20, 20, 100, 0xFF);
        var output = new byte[160];
        buffer.Write(0, Frame(1));
        buffer.Write(160, Frame(1));
        buffer.Read(output);

        buffer.Write(900_000, Frame(5));
        buffer.Write(900_160, Frame(6));
        Assert.Equal(1, buffer.Overflows);
        Assert.Equal(RtpFrameKind.Audio, buffer.Read(output));
        Assert.Equal(5, output[0]);
    }
}
