using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gateway.Calls.Media;
using Gateway.Fax.T30;
using Gateway.Fax.T38;
using Gateway.Media.Codecs;
using Gateway.Media.Prompts;
using Gateway.Media.Rtp;
using Gateway.Media.Transport;
using Gateway.Sip.Sdp;
using Gateway.Sip.UserAgent;

namespace Gateway.Calls.Simulator;

/// <summary>
/// The built-in far end: a SIP user agent on 127.0.0.1 that answers the gateway's calls as scripted
/// offices (<see cref="SimulatedOffice"/>) would, speaks with recorded voices, and receives faxes over
/// T.38 with our own T.30 receiver. Used by <c>gateway demo</c> and the end-to-end tests; also a way to
/// try prompts and settings without a trunk.
/// </summary>
public sealed class FarEndSimulator : IAsyncDisposable
{
    private readonly SipUserAgent _ua;
    private readonly MediaLoop _media;
    private readonly MediaPortAllocator _ports;
    private readonly TimeProvider _time;
    private readonly FarEndSimulatorOptions _options;
    private readonly ConcurrentDictionary<string, int> _callsPerNumber = new();
    private readonly ConcurrentQueue<ReceivedFax> _received = new();
    private readonly Prompt _allo;
    private readonly Prompt _da;
    private readonly Prompt _greeting;
    private readonly Prompt _ced = AnswerTone();

    public FarEndSimulator(FarEndSimulatorOptions options, MediaLoop media, MediaPortAllocator ports, TimeProvider time)
    {
        _options = options;
        _media = media;
        _ports = ports;
        _time = time;
        _allo = PromptLoader.Load(Path.Combine(options.VoicesFolder, "allo.wav"));
        _da = PromptLoader.Load(Path.Combine(options.VoicesFolder, "da.wav"));
        _greeting = PromptLoader.Load(Path.Combine(options.VoicesFolder, "greeting.wav"));
        Directory.CreateDirectory(options.OutputFolder);
        _ua = SipUserAgent.CreateUdp(new IPEndPoint(IPAddress.Loopback, options.SipPort), time: time);
        _ua.IncomingCall += incoming => _ = AnswerAsync(incoming);
    }

    /// <summary>Where the simulator listens for SIP.</summary>
    public IPEndPoint SipEndPoint => _ua.LocalEndPoint.EndPoint;

    /// <summary>Every fax received so far.</summary>
    public IReadOnlyCollection<ReceivedFax> Received => _received;

    public ValueTask DisposeAsync() => _ua.DisposeAsync();

    private SimulatedOffice OfficeFor(string number, int call)
    {
        SimulatedOffice office = _options.Offices.TryGetValue(number, out SimulatedOffice o) ? o : _options.DefaultOffice;
        return office == SimulatedOffice.BusyOnce ? (call == 1 ? SimulatedOffice.Busy : SimulatedOffice.Person) : office;
    }

    private async Task AnswerAsync(SipIncomingCall incoming)
    {
        string number = incoming.Invite.RequestUri.User ?? "";
        int call = _callsPerNumber.AddOrUpdate(number, 1, (_, n) => n + 1);
        SimulatedOffice office = OfficeFor(number, call);
        if (office == SimulatedOffice.Busy)
        {
            incoming.Reject(486);
            return;
        }

        incoming.Ring();
        if (office == SimulatedOffice.NoAnswer || incoming.Offer?.AudioMedia is not { } offered)
        {
            return; // rings until the caller gives up and CANCELs
        }

        await Task.Delay(_options.RingTime, _time).ConfigureAwait(false);
        Socket rtpSocket = _ports.Bind();
        byte payloadType = offered.Formats.Contains("8") ? (byte)8 : (byte)0;
        SdpSession answer = AudioAnswer(incoming.Offer, ((IPEndPoint)rtpSocket.LocalEndPoint!).Port, payloadType);
        SipCall sip;
        try
        {
            sip = incoming.Answer(answer);
        }
        catch (InvalidOperationException)
        {
            _ports.Release(rtpSocket); // cancelled while ringing
            return;
        }

        var t38Switch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        (Prompt? greeting, Prompt? reply) = office switch
        {
            SimulatedOffice.Person => (_allo, _da),
            SimulatedOffice.SilentPerson => (_allo, (Prompt?)null),
            SimulatedOffice.AnsweringMachine => (_greeting, null),
            SimulatedOffice.FaxMachine => (_ced, null),
            _ => ((Prompt?)null, (Prompt?)null),
        };
        var voice = new OfficeVoice(payloadType == 8 ? G711Law.ALaw : G711Law.MuLaw, greeting, reply, () => t38Switch.TrySetResult(), speakAtOnce: office == SimulatedOffice.FaxMachine);
        string address = incoming.Offer.ConnectionFor(offered)?.Address ?? "127.0.0.1";
        var rtp = new RtpMediaStream(rtpSocket, new RtpSession(new RtpSessionOptions { AudioPayloadType = payloadType }), new IPEndPoint(IPAddress.Parse(address), offered.Port), voice, _time);
        _media.Add(rtp);

        if (office == SimulatedOffice.FaxMachine)
        {
            t38Switch.TrySetResult();
        }

        Task ended = sip.Completion;
        if (await Task.WhenAny(t38Switch.Task, ended).ConfigureAwait(false) == t38Switch.Task)
        {
            // The operator switches the machine on; its T.38 gateway hears CNG and asks for T.38. A fax
            // machine's gateway asks once it has recognised the machine's own CED (about a second in).
            await Task.Delay(office == SimulatedOffice.FaxMachine ? TimeSpan.FromMilliseconds(1000) : _options.SwitchOnTime, _time).ConfigureAwait(false);
            await ReceiveOverT38Async(sip, number, rtp).ConfigureAwait(false);
        }

        await ended.ConfigureAwait(false);
        rtp.Close();
        await Task.Delay(TimeSpan.FromMilliseconds(100), _time).ConfigureAwait(false);
        _ports.Release(rtpSocket);
    }

    private async Task ReceiveOverT38Async(SipCall sip, string number, RtpMediaStream rtp)
    {
        if (sip.State != SipCallState.Confirmed)
        {
            return;
        }

        Socket udptlSocket = _ports.Bind();
        SdpSession offer = SdpOfferAnswer.ReplaceAudioWithT38(sip.LocalSdp, ((IPEndPoint)udptlSocket.LocalEndPoint!).Port, T38Parameters.Default);
        SipReInviteResult result = await sip.SendReInviteAsync(offer).ConfigureAwait(false);
        if (!result.IsSuccess || result.Answer?.T38Media is not { } image)
        {
            _ports.Release(udptlSocket);
            return; // the caller refused T.38: this office has no G.711 modem
        }

        rtp.Close();
        var pages = new ReceivedPages(_options.OutputFolder, $"{number.TrimStart('+')}-{DateTime.UtcNow:HHmmssfff}");
        var session = new T30Session(new T30Settings { IsCaller = false, LocalIdent = _options.Ident }, _time, sink: pages);
        var terminal = new T38Terminal(session, new T38TerminalOptions { Version = T38Parameters.FromMedia(image).Version }, _time);
        string address = result.Answer.ConnectionFor(image)?.Address ?? "127.0.0.1";
        var t38 = new T38MediaStream(udptlSocket, new IPEndPoint(IPAddress.Parse(address), image.Port), terminal, new UdptlOptions(), _time);
        var done = new TaskCompletionSource<T30Result>(TaskCreationOptions.RunContinuationsAsynchronously);
        t38.Completed += r => done.TrySetResult(r);
        terminal.Start();
        _media.Add(t38);

        Task finished = await Task.WhenAny(done.Task, sip.Completion).ConfigureAwait(false);
        T30Result final = finished == done.Task ? done.Task.Result : session.Result;
        try
        {
            await pages.WhenWrittenAsync().ConfigureAwait(false); // the PNG files are written off the media thread
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The page was received; its file could not be written and is not listed.
        }

        _received.Enqueue(new ReceivedFax(number, final, pages.Files) { Pages = pages.Pages });
        t38.Close();
        await Task.Delay(TimeSpan.FromMilliseconds(100), _time).ConfigureAwait(false);
        _ports.Release(udptlSocket);
    }

    /// <summary>CED: 2100 Hz for 3 s (T.30 §6.2: 2.6–4.0 s) at about −12 dBm0, as a called fax machine answers.</summary>
    private static Prompt AnswerTone()
    {
        var samples = new short[3 * 8000];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(3500 * Math.Sin(2 * Math.PI * 2100 * i / 8000.0));
        }

        return new Prompt("ced", samples);
    }

    private static SdpSession AudioAnswer(SdpSession offer, int port, byte payloadType)
    {
        var origin = new SdpOrigin("office", (ulong)Random.Shared.NextInt64(1, long.MaxValue), 1, "IN", "IP4", "127.0.0.1");
        return SdpOfferAnswer.CreateAnswer(offer, origin, SdpConnection.For(IPAddress.Loopback), m =>
        {
            if (!m.Media.Equals("audio", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var a = new SdpMedia { Media = "audio", Port = port, Protocol = m.Protocol };
            a.Formats.Add(payloadType.ToString(System.Globalization.CultureInfo.InvariantCulture));
            a.Attributes.Add(new SdpAttribute("rtpmap", payloadType == 8 ? "8 PCMA/8000" : "0 PCMU/8000"));
            a.Attributes.Add(new SdpAttribute("ptime", "20"));
            return a;
        });
    }
}
