using Xunit;
using Gateway.Fax.Hdlc;

namespace Gateway.Fax.Tests.Hdlc;

public class HdlcDeframerTests
{
    private static List<(HdlcDeframerResult Result, byte[] Frame, HdlcFrameError Error)> Run(HdlcBitEncoder encoder, Func<int, int, int>? corrupt = null)
    {
        var deframer = new HdlcDeframer();
        var results = new List<(HdlcDeframerResult, byte[], HdlcFrameError)>();
        var i = 0;
        int bit;
        while ((bit = encoder.NextBit()) >= 0)
        {
            if (corrupt is not null)
                bit = corrupt(i, bit);
            i++;
            var r = deframer.Push(bit);
            if (r != HdlcDeframerResult.None)
                results.Add((r, deframer.Frame.ToArray(), deframer.LastError));
        }
        return results;
    }

    [Fact]
    public void Fcs_matches_the_crc16_x25_check_value()
    {
        // CRC-16/X.25 catalogue check: "123456789" → 0x906E.
        Assert.Equal(0x906E, HdlcFcs.Compute("123456789"u8));
        Span<byte> withFcs = stackalloc byte[11];
        "123456789"u8.CopyTo(withFcs);
        HdlcFcs.Write(withFcs[..9], withFcs[9..]);
        Assert.Equal([0x6E, 0x90], withFcs[9..].ToArray());
        Assert.True(HdlcFcs.Check(withFcs));
    }

    [Fact]
    public void Round_trips_frames_with_stuffing_and_shared_flags()
    {
        var encoder = new HdlcBitEncoder();
        encoder.QueueFlags(10);
        byte[] a = [0xFF, 0x13, 0x80, 0x00, 0xEE, 0xF8, 0x80];
        byte[] b = [0xFF, 0x03, 0x06, 0x01, .. Enumerable.Repeat((byte)0xFF, 64), 0x7E, 0x7E, 0x3F];
        encoder.QueueFrame(a);
        encoder.QueueFrame(b);
        var results = Run(encoder);
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(HdlcDeframerResult.Frame, r.Result));
        Assert.Equal(a, results[0].Frame);
        Assert.Equal(b, results[1].Frame);
    }

    [Fact]
    public void Inserts_a_zero_after_five_ones()
    {
        var encoder = new HdlcBitEncoder();
        encoder.QueueFrame([0xFF]);
        var bits = new byte[64];
        var n = encoder.Read(bits);
        // Opening flag (8 bits), then 0xFF as 11111 0 111, never six ones in a row inside the frame.
        Assert.Equal(new byte[] { 1, 1, 1, 1, 1, 0, 1, 1, 1 }, bits[8..17]);
        var run = 0;
        for (var i = 8; i < n - 8; i++)
        {
            run = bits[i] == 1 ? run + 1 : 0;
            Assert.True(run <= 5);
        }
    }

    [Fact]
    public void Reports_a_bad_fcs_when_a_bit_flips()
    {
        var encoder = new HdlcBitEncoder();
        encoder.QueueFlags(2);
        encoder.QueueFrame([0xFF, 0x13, 0xFA]);
        var results = Run(encoder, (i, bit) => i == 30 ? bit ^ 1 : bit);
        Assert.Single(results);
        Assert.Equal(HdlcDeframerResult.BadFrame, results[0].Result);
    }

    [Fact]
    public void Reports_an_abort_and_recovers_at_the_next_flag()
    {
        var deframer = new HdlcDeframer();
        var results = new List<HdlcFrameError>();
        void Push(IEnumerable<int> bits)
        {
            foreach (var b in bits)
                if (deframer.Push(b) == HdlcDeframerResult.BadFrame)
                    results.Add(deframer.LastError);
        }
        int[] flag = [0, 1, 1, 1, 1, 1, 1, 0];
        Push(flag);
        Push([1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1]);
        Push(Enumerable.Repeat(1, 9));
        Assert.Equal([HdlcFrameError.Aborted], results);
        var encoder = new HdlcBitEncoder();
        encoder.QueueFrame([0xFF, 0x13, 0x8C]);
        var got = 0;
        int bit;
        while ((bit = encoder.NextBit()) >= 0)
            if (deframer.Push(bit) == HdlcDeframerResult.Frame)
                got++;
        Assert.Equal(1, got);
        Assert.Equal([0xFF, 0x13, 0x8C], deframer.Frame.ToArray());
    }
}
