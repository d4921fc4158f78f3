using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Fax.T38;
using Gateway.Media.Codecs;
using Gateway.Media.Rtp;
using Gateway.Testing.SpanDsp;

namespace Gateway.Calls.Tests.Interop;

/// <summary>
/// The far end's media behind the ports sipp announces: a UDP socket for RTP and one for UDPTL, owned by
/// the test, pumped every 20 ms (real time) on one thread. RTP carries a recorded voice and then
/// libspandsp's audio fax terminal (fax_init, answering: a receiver); once our UDPTL arrives, libspandsp's
/// T.38 terminal takes over (a far-end gateway that switched to T.38 starts T.30 again). Our addresses are
/// latched from our first packets (symmetric RTP/UDPTL).
/// </summary>
internal sealed class FarEndLine : IDisposable
{
    private const int Samples = 160;
    private readonly FarEndScript _script;
    private readonly Socket _rtp;
    private readonly Socket _udptl;
    private readonly Thread _thread;
    private readonly Random _loss = new(7);
    private readonly string _dir = Directory.CreateTempSubdirectory("calls-far-").FullName;
    private readonly Queue<short[]> _heard = new();
    private volatile bool _stop;
    private volatile bool _phaseE;
    private EndPoint? _ourRtp;
    private EndPoint? _ourUdptl;
    private SpanDspAudioFax? _audioFax;
    private SpanDspT38Terminal? _t38;
    private UdptlSender? _udptlSender;
    private UdptlReceiver? _udptlReceiver;
    private G711Law _law = G711Law.ALaw;
    private ushort _sequence = 1;
    private uint _timestamp;
    private int _frame = -20; // a person lifts the handset and speaks about 400 ms later
    private bool _heardSpeech;
    private int _quietFrames;
    private int _silentSteps;
    private int _replyFrame = -1;
    private int _faxAtFrame = int.MaxValue;
    private Exception? _failure;

    public FarEndLine(FarEndScript script)
    {
        _script = script;
        _rtp = Bind();
        _udptl = Bind();
        RtpPort = ((IPEndPoint)_rtp.LocalEndPoint!).Port;
        UdptlPort = ((IPEndPoint)_udptl.LocalEndPoint!).Port;
        if (script.FaxOverAudio && script.Greeting is null)
        {
            _faxAtFrame = 0;
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "far-end" };
        _thread.Start();
    }

    public int RtpPort { get; }

    public int UdptlPort { get; }

    /// <summary>The received fax over G.711 (fax_init) and over T.38 (t38_terminal), as TIFF files.</summary>
    public string AudioTiff => Path.Combine(_dir, "rx-audio.tif");

    public string T38Tiff => Path.Combine(_dir, "rx-t38.tif");

    /// <summary>True once the reply has been said.</summary>
    public bool Replied => _replyFrame >= 0;

    public bool SawT38 => _t38 is not null;

    /// <summary>How long spandsp's audio fax had run when T.38 took over (0 when it never ran).</summary>
    public double AudioFaxSecondsAtSwitch { get; private set; }

    /// <summary>Datagrams this far end sent and read, per socket (the capture test compares them with the pcap).</summary>
    public int RtpSent { get; private set; }

    public int RtpReceived { get; private set; }

    public int UdptlSent { get; private set; }

    public int UdptlReceived { get; private set; }

    /// <summary>UDPTL datagrams the loss simulation dropped, both directions.</summary>
    public int Dropped { get; private set; }

    /// <summary>The terminal that ran last (T.38 once the switch happened), after <see cref="Dispose"/>.</summary>
    public (int? Code, T30Stats Stats, string? RemoteIdent) AudioResult { get; private set; }

    public (int? Code, T30Stats Stats, string? RemoteIdent) T38Result { get; private set; }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        _rtp.Dispose();
        _udptl.Dispose();
        if (_failure is not null)
        {
            throw new InvalidOperationException("The far end's pump failed.", _failure);
        }
    }

    public void DeleteFiles()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Socket Bind()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        s.Blocking = false;
        return s;
    }

    private void Run()
    {
        var clock = Stopwatch.StartNew();
        long next = 0;
        try
        {
            while (!_stop)
            {
                Step();
                next += 20;
                long wait = next - clock.ElapsedMilliseconds;
                if (wait > 0)
                {
                    Thread.Sleep((int)wait);
                }
            }
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            if (_audioFax is { } a)
            {
                AudioResult = (a.CompletionCode, a.Statistics, a.RemoteIdent);
                a.Dispose();
            }

            if (_t38 is { } t)
            {
                T38Result = (t.CompletionCode, t.Statistics, t.RemoteIdent);
                t.Dispose();
            }
        }
    }

    /// <summary>True once spandsp's T.30 has reached phase E (its TIFF is complete).</summary>
    public bool PhaseE => _phaseE;

    private void Step()
    {
        _phaseE = _audioFax?.CompletionCode is not null || _t38?.CompletionCode is not null;
        ReceiveRtp();
        ReceiveUdptl();
        if (_t38 is { } t38)
        {
            t38.Step();
            while (t38.TryGetPacket(out byte[]? ifp))
            {
                byte[] datagram = _udptlSender!.Send(ifp);
                if (!Lost())
                {
                    _udptl.SendTo(datagram, _ourUdptl!);
                    UdptlSent++;
                }
            }

            return; // T.38 has replaced the audio: no more RTP from this side
        }

        if (_ourRtp is null)
        {
            return; // not answered yet: the script's clock starts with our first RTP packet
        }

        // Every frame we sent is heard, in order, as soon as it is here; a frame that is merely late (our media
        // thread or this one was preempted on a loaded host) is never replaced by invented silence, since a gap
        // in the middle of a modem signal costs the frame. spandsp counts time in samples, so hearing late
        // only delays it. Silence is heard only once we have sent nothing for 500 ms (the call has ended).
        if (_heard.Count > 0)
        {
            _silentSteps = 0;
            while (_heard.TryDequeue(out short[]? frame))
            {
                Listen(frame);
            }
        }
        else if (++_silentSteps >= 25)
        {
            Listen(new short[Samples]);
        }

        Span<short> say = stackalloc short[Samples];
        Speak(say);
        SendRtp(say);
        _frame++;
    }

    private void Listen(short[] heard)
    {
        if (_audioFax is { } fax)
        {
            fax.Receive(heard);
            return;
        }

        if (_replyFrame >= 0 || _script.Reply is null || _frame < 0)
        {
            return;
        }

        // Energy-based on purpose: the far end stands in for a person, it does not test our detectors.
        double power = 0;
        foreach (short s in heard)
        {
            power += s * (double)s;
        }

        if (power / Samples > 200.0 * 200.0)
        {
            _heardSpeech = true;
            _quietFrames = 0;
        }
        else if (_heardSpeech && ++_quietFrames >= 30)
        {
            _replyFrame = _frame;
            if (_script.FaxOverAudio)
            {
                _faxAtFrame = _frame + _script.Reply.FrameCount + (int)(_script.SwitchOn.TotalMilliseconds / 20);
            }
        }
    }

    private void Speak(Span<short> say)
    {
        say.Clear();
        if (_frame >= _faxAtFrame)
        {
            if (_audioFax is null)
            {
                _audioFax = new SpanDspAudioFax(calling: false);
                Configure(_audioFax.T30, AudioTiff);
            }

            _audioFax.Transmit(say);
            return;
        }

        if (_script.Greeting is { } greeting && _frame >= 0 && _frame < greeting.FrameCount)
        {
            greeting.LinearFrame(_frame).CopyTo(say);
            return;
        }

        if (_replyFrame >= 0)
        {
            int at = _frame - _replyFrame;
            if (_script.Reply is { } reply && at < reply.FrameCount)
            {
                reply.LinearFrame(at).CopyTo(say);
            }
        }
    }

    private void Configure(IntPtr t30, string tiff)
    {
        SpanDsp.t30_set_rx_file(t30, tiff, -1);
        SpanDsp.t30_set_tx_ident(t30, "SPANDSP FAR END");
        SpanDsp.t30_set_ecm_capability(t30, _script.Ecm ? 1 : 0);
        SpanDsp.t30_set_supported_compressions(t30, SpanDsp.T30SupportT4_1D | SpanDsp.T30SupportT4_2D | (_script.Ecm ? SpanDsp.T30SupportT6 : 0));
    }

    private void ReceiveRtp()
    {
        byte[] buffer = new byte[1500];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (_rtp.Available > 0)
        {
            int n = _rtp.ReceiveFrom(buffer, ref from);
            RtpReceived++;
            if (!RtpPacket.TryParse(buffer.AsSpan(0, n), out RtpPacket packet) || packet.PayloadType is not (0 or 8))
            {
                continue; // telephone-event or noise: not audio
            }

            _ourRtp ??= from;
            _law = packet.PayloadType == 8 ? G711Law.ALaw : G711Law.MuLaw;
            short[] frame = new short[Samples];
            G711.Decode(packet.Payload[..Math.Min(Samples, packet.Payload.Length)], frame, _law);
            _heard.Enqueue(frame);
        }
    }

    private void SendRtp(ReadOnlySpan<short> say)
    {
        if (_ourRtp is null)
        {
            return;
        }

        Span<byte> payload = stackalloc byte[Samples];
        G711.Encode(say, payload, _law);
        byte[] datagram = new byte[RtpPacket.FixedHeaderLength + Samples];
        int n = RtpPacket.Write(datagram, _sequence == 1, _law == G711Law.ALaw ? (byte)8 : (byte)0, _sequence++, _timestamp, 0x5eed1234, payload);
        _timestamp += Samples;
        _rtp.SendTo(datagram.AsSpan(0, n), SocketFlags.None, _ourRtp);
        RtpSent++;
    }

    private void ReceiveUdptl()
    {
        byte[] buffer = new byte[1500];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (_udptl.Available > 0)
        {
            int n = _udptl.ReceiveFrom(buffer, ref from);
            UdptlReceived++;
            if (_t38 is null)
            {
                // Our first UDPTL datagram: the call is on T.38 now; T.30 starts again at phase B.
                _ourUdptl = from;
                AudioFaxSecondsAtSwitch = _audioFax is null ? 0 : (_frame - _faxAtFrame) * 0.02;
                _t38 = new SpanDspT38Terminal(calling: false, version: 0);
                Configure(_t38.T30, T38Tiff);
                _udptlSender = new UdptlSender(new UdptlOptions { ErrorCorrection = UdptlErrorCorrection.Redundancy });
                _udptlReceiver = new UdptlReceiver();
            }

            if (Lost())
            {
                continue;
            }

            SpanDspT38Terminal t38 = _t38;
            _udptlReceiver!.Receive(buffer.AsSpan(0, n), (sequence, ifp) => t38.Receive(ifp.Span, sequence));
        }
    }

    private bool Lost()
    {
        if (_script.UdptlLoss > 0 && _loss.NextDouble() < _script.UdptlLoss)
        {
            Dropped++;
            return true;
        }

        return false;
    }
}
