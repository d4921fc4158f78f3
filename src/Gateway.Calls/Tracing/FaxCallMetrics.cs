using System.Diagnostics.Metrics;
using Gateway.Media.Rtp;

namespace Gateway.Calls.Tracing;

/// <summary>
/// What the call layer measures while calls run, meter <see cref="MeterName"/> (System.Diagnostics.Metrics; a host
/// subscribes by name, e.g. OpenTelemetry <c>AddMeter</c>): the answer classifier's verdicts and the reply detector's
/// decisions, and per call the received RTP's late packets and interarrival jitter (RFC 3550 §6.4.1). Tags are
/// low-cardinality: trunk and verdict, never a number or an id. Recorded at events and at the call's end, never per
/// packet.
/// </summary>
public static class FaxCallMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Gateway.Calls.Media";

    private static readonly Meter Meter = new(MeterName, "1.0");

    private static readonly Counter<long> Answers = Meter.CreateCounter<long>(
        "gateway.detection.answer", "{verdict}", "Answer classifier verdicts (and network tones heard in early media), by trunk and class");

    private static readonly Counter<long> Replies = Meter.CreateCounter<long>(
        "gateway.detection.reply", "{decision}", "Reply detector decisions after the prompt, by trunk and reply");

    private static readonly Counter<long> Received = Meter.CreateCounter<long>(
        "gateway.rtp.packets_received", "{packet}", "RTP packets received by calls, counted when each call ends, by trunk");

    private static readonly Counter<long> Late = Meter.CreateCounter<long>(
        "gateway.rtp.late_packets", "{packet}", "RTP packets that arrived after their play-out time (dropped by the jitter buffer), counted when each call ends, by trunk");

    private static readonly Histogram<double> Jitter = Meter.CreateHistogram<double>(
        "gateway.rtp.jitter", "ms", "Interarrival jitter of each call's received RTP at its end (RFC 3550 §6.4.1), by trunk",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 40, 80, 160] });

    private static readonly Histogram<double> PageWait = Meter.CreateHistogram<double>(
        "gateway.fax.page_wait", "ms", "How long the start of phase C waited for its coded page (on the media thread), recorded only when it waited",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 40, 80, 160] });

    /// <summary>Records that phase C waited <paramref name="wait"/> for its page to be coded.</summary>
    public static void PageWaited(TimeSpan wait) => PageWait.Record(wait.TotalMilliseconds);

    /// <summary>Counts a detection event of the call on <paramref name="trunk"/>; other events are ignored.</summary>
    public static void Observe(string trunk, FaxCallEvent e)
    {
        switch (e)
        {
            case FaxCallEvent.Classified c:
                Answers.Add(1, new KeyValuePair<string, object?>("trunk", trunk), new KeyValuePair<string, object?>("class", Name(c.Class)));
                break;
            case FaxCallEvent.ReplyHeard r:
                Replies.Add(1, new KeyValuePair<string, object?>("trunk", trunk), new KeyValuePair<string, object?>("reply", Name(r.Reply)));
                break;
        }
    }

    /// <summary>Records the received RTP of a call that ended; nothing when the call never had audio.</summary>
    public static void RtpEnded(string trunk, RtpSession? session)
    {
        if (session is null)
        {
            return;
        }

        var tag = new KeyValuePair<string, object?>("trunk", trunk);
        Received.Add(session.PacketsReceived, tag);
        Late.Add(session.JitterBuffer.LatePackets, tag); // also 0, so the series exists for every trunk that had audio
        if (session.PacketsReceived > 1)
        {
            Jitter.Record(session.JitterMs, tag);
        }
    }

    private static string Name(AnswerClass c) => c switch
    {
        AnswerClass.SpecialInformationTone => "special_information_tone",
        _ => c.ToString().ToLowerInvariant(),
    };

    private static string Name(ReplyClass r) => r switch
    {
        ReplyClass.LongSpeech => "long_speech",
        ReplyClass.NoReply => "no_reply",
        ReplyClass.KeyPressed => "key_pressed",
        _ => r.ToString().ToLowerInvariant(),
    };
}
