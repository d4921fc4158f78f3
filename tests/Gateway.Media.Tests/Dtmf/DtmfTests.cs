using Gateway.Media.Dsp;
using Gateway.Media.Dtmf;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Tones;
using Xunit;

namespace Gateway.Media.Tests.Dtmf;

public sealed class DtmfTests
{
    [Fact]
    public void Parses_an_RFC_4733_end_packet()
    {
        Assert.True(TelephoneEvent.TryParse([0x01, 0x8A, 0x03, 0x20], out var ev, out _));
        Assert.Equal('1', ev.Digit);
        Assert.True(ev.End);
        Assert.Equal(10, ev.Volume);
        Assert.Equal(800, ev.Duration);
        Span<byte> buffer = stackalloc byte[4];
        ev.Write(buffer);
        Assert.Equal([0x01, 0x8A, 0x03, 0x20], buffer.ToArray());
    }

    [Fact]
    public void Rejects_a_short_payload_with_a_reason()
    {
        Assert.False(TelephoneEvent.TryParse([0x01, 0x8A], out _, out var error));
        Assert.Contains("4 bytes", error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => new TelephoneEventReceiver().Receive([0x01], 0));
    }

    [Fact]
    public void Receiver_reports_each_event_once_across_updates_and_repeated_end_packets()
    {
        var rx = new TelephoneEventReceiver();
        var digits = new List<char>
        {
            rx.Receive([0x0B, 0x0A, 0x00, 0xA0], 1000),
            rx.Receive([0x0B, 0x0A, 0x01, 0x40], 1000),
            rx.Receive([0x0B, 0x8A, 0x03, 0x20], 1000),
            rx.Receive([0x0B, 0x8A, 0x03, 0x20], 1000),
            rx.Receive([0x02, 0x8A, 0x03, 0x20], 3000), // start packet lost: the end packet still yields '2'
        };
        Assert.Equal(['#', '\0', '\0', '\0', '2'], digits);
    }

    [Theory]
    [InlineData('1', 697, 1209)]
    [InlineData('5', 770, 1336)]
    [InlineData('9', 852, 1477)]
    [InlineData('0', 941, 1336)]
    [InlineData('D', 941, 1633)]
    public void Detects_an_in_band_digit_once(char digit, double row, double col)
    {
        var x = new float[8000];
        Signals.AddTone(x, 800, 800, -20, 0, row, col);
        Signals.AddTone(x, 3200, 800, -20, 0, row, col);
        var detector = new DtmfDetector();
        var frame = new AnalysisFrame();
        var pcm = Signals.ToPcm(x);
        var found = new List<char>();
        for (var f = 0; f + 160 <= pcm.Length; f += 160)
        {
            frame.Load(pcm.AsSpan(f, 160), f / 8);
            var d = detector.Process(frame);
            if (d.Kind == ToneKind.Dtmf)
            {
                found.Add(d.Digit);
            }
        }

        Assert.Equal([digit, digit], found);
    }
}
