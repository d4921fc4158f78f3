using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gateway.Media.Codecs;
using Gateway.Media.Rtp;
using Gateway.Media.Transport;
using Gateway.Sip.Sdp;
using Gateway.Sip.UserAgent;
using Gateway.Testing.SpanDsp;

namespace Gateway.LoadTest;

/// <summary>
/// A far end of G.711 fax machines for the load test: a SIP user agent on 127.0.0.1 that answers every call
/// with PCMU and puts a libspandsp audio fax receiver (fax_init, called side) behind the RTP stream. Unlike
/// the built-in simulator it never asks for T.38, so every page crosses our software modems.
/// </summary>
internal sealed class SpanDspG711Office : IAsyncDisposable
{
    private readonly SipUserAgent _ua;
    private readonly MediaLoop _media;
    private readonly MediaPortAllocator _ports;
    private readonly string _folder;

    public SpanDspG711Office(MediaLoop media, MediaPortAllocator ports, string folder)
    {
        _media = media;
        _ports = ports;
        _folder = folder;
        _ua = SipUserAgent.CreateUdp(new IPEndPoint(IPAddress.Loopback, 0));
        _ua.IncomingCall += incoming => _ = AnswerAsync(incoming);
    }

    public IPEndPoint SipEndPoint => _ua.LocalEndPoint.EndPoint;

    /// <summary>spandsp's completion code and pages received, per call.</summary>
    public ConcurrentQueue<(int? Completion, int Pages)> Results { get; } = new();

    public ValueTask DisposeAsync() => _ua.DisposeAsync();

    private async Task AnswerAsync(SipIncomingCall incoming)
    {
        if (incoming.Offer?.AudioMedia is not { } offered)
        {
            incoming.Reject(488);
            return;
        }

        incoming.Ring();
        Socket socket = _ports.Bind();
        var origin = new SdpOrigin("office", (ulong)Random.Shared.NextInt64(1, long.MaxValue), 1, "IN", "IP4", "127.0.0.1");
        int port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        SdpSession answer = SdpOfferAnswer.CreateAnswer(incoming.Offer, origin, SdpConnection.For(IPAddress.Loopback), m =>
        {
            if (!m.Media.Equals("audio", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var a = new SdpMedia { Media = "audio", Port = port, Protocol = m.Protocol };
            a.Formats.Add("0");
            a.Attributes.Add(new SdpAttribute("rtpmap", "0 PCMU/8000"));
            a.Attributes.Add(new SdpAttribute("ptime", "20"));
            return a;
        });
        using var fax = new SpanDspAudioFax(calling: false);
        string rx = Path.Combine(_folder, $"rx-{Guid.NewGuid():N}.tif");
        SpanDsp.t30_set_rx_file(fax.T30, rx, -1);
        SpanDsp.t30_set_tx_ident(fax.T30, "SPANDSP OFFICE");
        SpanDsp.t30_set_ecm_capability(fax.T30, 1);
        SpanDsp.t30_set_supported_compressions(fax.T30, SpanDsp.T30SupportT4_1D | SpanDsp.T30SupportT4_2D | SpanDsp.T30SupportT6);
        SipCall call;
        try
        {
            call = incoming.Answer(answer);
        }
        catch (InvalidOperationException)
        {
            _ports.Release(socket);
            return;
        }

        string address = incoming.Offer.ConnectionFor(offered)?.Address ?? "127.0.0.1";
        var rtp = new RtpMediaStream(socket, new RtpSession(new RtpSessionOptions { AudioPayloadType = 0 }), new IPEndPoint(IPAddress.Parse(address), offered.Port), new FaxAudio(fax), TimeProvider.System);
        _media.Add(rtp);
        await call.Completion.ConfigureAwait(false);
        rtp.Close();
        await Task.Delay(100).ConfigureAwait(false); // let the media thread leave spandsp before it is freed
        Results.Enqueue((fax.CompletionCode, fax.Statistics.PagesRx));
        _ports.Release(socket);
        File.Delete(rx);
    }

    private sealed class FaxAudio(SpanDspAudioFax fax) : IRtpAudioHandler
    {
        private readonly short[] _in = new short[160];
        private readonly short[] _out = new short[160];

        public void OnFrame(ReadOnlySpan<byte> received, RtpFrameKind kind, Span<byte> toSend)
        {
            if (kind is RtpFrameKind.Audio or RtpFrameKind.PartlyLost)
            {
                G711.Decode(received, _in, G711Law.MuLaw);
            }
            else
            {
                Array.Clear(_in);
            }

            fax.Receive(_in);
            fax.Transmit(_out);
            G711.Encode(_out, toSend, G711Law.MuLaw);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"spandsp G.711 office on {SipEndPoint}");
}
