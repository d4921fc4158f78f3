using System.Diagnostics.Metrics;
using Gateway.Calls;
using Gateway.Calls.Tracing;
using Gateway.Media.Rtp;

namespace Gateway.Tests.Telemetry;

/// <summary>
/// The call layer's detection and RTP instruments (meter Gateway.Calls.Media), read with a MeterListener. Each test
/// uses its own trunk name, so calls running elsewhere in the process do not disturb the sums. The same instruments on
/// a real service's /metrics are checked by CampaignThroughSimulatorTests.
/// </summary>
public sealed class FaxCallMetricsTests
{
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly string _trunk;
        private readonly List<(string Instrument, double Value, Dictionary<string, string> Tags)> _seen = [];

        public Recorder(string trunk)
        {
            _trunk = trunk;
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == FaxCallMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
            _listener.Start();
        }

        public double Sum(string instrument, string? tag = null, string? value = null)
        {
            lock (_seen)
            {
                return _seen.Where(s => s.Instrument == instrument && (tag is null || s.Tags.GetValueOrDefault(tag) == value)).Sum(s => s.Value);
            }
        }

        public int Count(string instrument)
        {
            lock (_seen)
            {
                return _seen.Count(s => s.Instrument == instrument);
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var map = new Dictionary<string, string>();
            foreach (var t in tags)
            {
                map[t.Key] = t.Value?.ToString() ?? "";
            }

            if (map.GetValueOrDefault("trunk") == _trunk)
            {
                lock (_seen)
                {
                    _seen.Add((instrument.Name, value, map));
                }
            }
        }
    }

    [Fact]
    public void Classifier_verdicts_and_reply_decisions_are_counted_by_trunk_and_kind()
    {
        string trunk = "metrics-" + Guid.NewGuid().ToString("N");
        using var recorder = new Recorder(trunk);
        FaxCallMetrics.Observe(trunk, new FaxCallEvent.Classified(AnswerClass.Person));
        FaxCallMetrics.Observe(trunk, new FaxCallEvent.Classified(AnswerClass.SpecialInformationTone));
        FaxCallMetrics.Observe(trunk, new FaxCallEvent.ReplyHeard(ReplyClass.NoReply));
        FaxCallMetrics.Observe(trunk, new FaxCallEvent.ReplyHeard(ReplyClass.Yes));
        FaxCallMetrics.Observe(trunk, new FaxCallEvent.Answered()); // not a detection: ignored

        Assert.Equal(1, recorder.Sum("gateway.detection.answer", "class", "person"));
        Assert.Equal(1, recorder.Sum("gateway.detection.answer", "class", "special_information_tone"));
        Assert.Equal(2, recorder.Sum("gateway.detection.answer"));
        Assert.Equal(1, recorder.Sum("gateway.detection.reply", "reply", "no_reply"));
        Assert.Equal(1, recorder.Sum("gateway.detection.reply", "reply", "yes"));
    }

    [Fact]
    public void Late_packets_and_jitter_of_a_call_are_recorded_when_it_ends()
    {
        string trunk = "metrics-" + Guid.NewGuid().ToString("N");
        using var recorder = new Recorder(trunk);
        var session = new RtpSession(new RtpSessionOptions { AudioPayloadType = 0, JitterMode = JitterBufferMode.Fixed, JitterDelayMs = 20 });
        Span<byte> datagram = stackalloc byte[200];
        Span<byte> frame = stackalloc byte[JitterBuffer.FrameSamples];
        byte[] audio = Enumerable.Repeat((byte)0x7F, JitterBuffer.FrameSamples).ToArray();
        int Packet(Span<byte> into, ushort seq) => RtpPacket.Write(into, false, 0, seq, (uint)(seq * 160), 0x1234, audio);

        // Ten packets, every second one 8 ms (64 samples) late: |D| alternates 64, so J tends to 64 samples = 8 ms.
        for (ushort seq = 0; seq < 10; seq++)
        {
            int n = Packet(datagram, seq);
            Assert.True(session.Receive(datagram[..n], (seq * 160) + (seq % 2 == 1 ? 64 : 0)));
            session.ReadFrame(frame);
        }

        for (int i = 0; i < 10; i++)
        {
            session.ReadFrame(frame); // play out past everything received
        }

        int late = Packet(datagram, 3); // sequence 3 again, long after its play-out time
        Assert.True(session.Receive(datagram[..late], 3000));
        Assert.Equal(1, session.JitterBuffer.LatePackets);

        FaxCallMetrics.RtpEnded(trunk, session);
        FaxCallMetrics.RtpEnded(trunk, null); // a call that never had audio records nothing

        Assert.Equal(11, recorder.Sum("gateway.rtp.packets_received"));
        Assert.Equal(1, recorder.Sum("gateway.rtp.late_packets"));
        Assert.Equal(1, recorder.Count("gateway.rtp.jitter"));
        Assert.Equal(session.JitterMs, recorder.Sum("gateway.rtp.jitter"));
        Assert.InRange(session.JitterMs, 3, 40);
    }
}
