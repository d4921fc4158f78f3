using Gateway.Fax.T30;

namespace Gateway.Fax.T38;

/// <summary>
/// A T.38 terminal (T.38 §6-7, "transferredTCF" rate management): the physical layer of a
/// <see cref="T30Session"/> over IFP packets. Sans-IO: feed it received IFPs with <see cref="OnIfp"/>,
/// take IFPs to send with <see cref="TryGetPacket"/>, and call <see cref="Tick"/> at <see cref="NextDeadline"/>.
/// Its transmissions are paced by the real modem times (training, 300 bit/s V.21, image rate), so the
/// far end sees what a gateway in front of a real fax machine would send. UDPTL is not its concern
/// (see <see cref="UdptlSender"/>/<see cref="UdptlReceiver"/>).
/// </summary>
public sealed partial class T38Terminal
{
    private readonly T30Session _session;
    private readonly T38TerminalOptions _options;
    private readonly TimeProvider _time;
    private readonly IfpQueue _out = new();

    /// <summary>Creates a terminal for <paramref name="session"/> (which must not have started).</summary>
    public T38Terminal(T30Session session, T38TerminalOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (options.MaxIfpSize < 16)
            throw new ArgumentException("An IFP needs room for at least a few octets of data.", nameof(options));
        _session = session;
        _options = options;
        _time = time;
    }

    /// <summary>The T.30 session this terminal carries.</summary>
    public T30Session Session => _session;

    /// <summary>True when the session has hung up and everything has been sent.</summary>
    public bool IsCompleted => _hungUp && _schedule.Count == 0;

    /// <summary>IFP packets that did not decode.</summary>
    public long MalformedPackets { get; private set; }

    /// <summary>IFP sequence gaps seen (packets lost after UDPTL recovery).</summary>
    public long SequenceGaps { get; private set; }

    /// <summary>When <see cref="Tick"/> must next be called.</summary>
    public DateTimeOffset? NextDeadline
    {
        get
        {
            var next = _session.NextDeadline;
            if (_schedule.TryPeek(out _, out var key) && (next is null || key.At < next))
                next = key.At;
            return next;
        }
    }

    /// <summary>Starts the T.30 session.</summary>
    public void Start()
    {
        _session.Start();
        DrainSession();
        EmitDue();
    }

    /// <summary>Takes the next IFP packet to send (already encoded for the agreed version) as a new array.</summary>
    public bool TryGetPacket([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? ifp)
    {
        ifp = _out.TryDequeue(out var packet) ? packet.ToArray() : null;
        return ifp is not null;
    }

    /// <summary>
    /// Takes the next IFP packet to send into <paramref name="destination"/> (at least <see cref="MaxPacketSize"/>
    /// octets) without allocating; false when there is none.
    /// </summary>
    public bool TryGetPacket(Span<byte> destination, out int length)
    {
        if (!_out.TryDequeue(out var packet))
        {
            length = 0;
            return false;
        }
        packet.CopyTo(destination);
        length = packet.Length;
        return true;
    }

    /// <summary>The largest IFP packet this terminal sends (<see cref="T38TerminalOptions.MaxIfpSize"/>).</summary>
    public int MaxPacketSize => _options.MaxIfpSize;

    /// <summary>Runs what is due: paced transmissions and T.30 timers.</summary>
    public void Tick()
    {
        EmitDue();
        _session.Tick();
        DrainSession();
        EmitDue();
    }

    // Sends what is due now, so a transmission started by a received packet or a timer leaves at once and
    // the gaps measured on the wire (≥ 1 s after v21-preamble) are the scheduled ones.
    private void EmitDue()
    {
        var now = _time.GetUtcNow();
        while (_schedule.TryPeek(out var step, out var key) && key.At <= now)
        {
            _schedule.Dequeue();
            Encode(step, key.At);
            if (step.Complete)
            {
                _session.OnTransmitComplete();
                DrainSession();
            }
        }
    }

    private void DrainSession()
    {
        while (_session.TryGetCommand(out var command))
        {
            switch (command.Kind)
            {
                case T30CommandKind.Receive:
                    _expect = command.Expect;
                    if (command.Expect == T30ReceiveContent.Tcf)
                        ResetTcf();
                    break;
                case T30CommandKind.HangUp:
                    _hungUp = true;
                    break;
                case T30CommandKind.AbortTransmission:
                    AbortScheduled();
                    break;
                default:
                    ScheduleTransmission(command);
                    break;
            }
        }
    }

    private bool _hungUp;
}
