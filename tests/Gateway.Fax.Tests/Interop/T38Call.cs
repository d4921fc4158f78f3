using Gateway.Fax.T38;
using Gateway.Testing.SpanDsp;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Fax.Tests.Interop;

/// <summary>
/// Runs one fax between our <see cref="T38Terminal"/> and a libspandsp T.38 terminal in simulated time,
/// 20 ms per step, optionally through UDPTL with loss.
/// </summary>
public sealed class T38Call(FakeTimeProvider time, T38Terminal ours, SpanDspT38Terminal theirs, T38Path toThem, T38Path toUs)
{
    public TimeSpan Elapsed { get; private set; }
    public int PacketsToThem { get; private set; }
    public int PacketsToUs { get; private set; }

    /// <summary>Runs until both ends are done or <paramref name="limit"/> of simulated time passed.</summary>
    public bool Run(TimeSpan limit)
    {
        var start = time.GetUtcNow();
        ours.Start();
        var step = TimeSpan.FromMilliseconds(20);
        var quietSteps = 0;
        while (time.GetUtcNow() - start < limit)
        {
            ours.Tick();
            while (ours.TryGetPacket(out var ifp))
            {
                PacketsToThem++;
                toThem.Send(ifp, theirs.Receive);
            }
            theirs.Step();
            while (theirs.TryGetPacket(out var ifp))
            {
                PacketsToUs++;
                toUs.Send(ifp, ours.OnIfp);
            }
            ours.Tick();
            if (ours.IsCompleted && theirs.CompletionCode is not null)
            {
                // Let spandsp finish its final flush (it waits ~1 s after DCN).
                if (++quietSteps > 100 || theirs.Done)
                    break;
            }
            time.Advance(step);
        }
        Elapsed = time.GetUtcNow() - start;
        return ours.IsCompleted && theirs.CompletionCode is not null;
    }
}

/// <summary>One direction between the terminals: direct IFP, or UDPTL with a loss model.</summary>
public sealed class T38Path
{
    private readonly UdptlSender? _sender;
    private readonly UdptlReceiver? _receiver;
    private readonly Func<bool>? _drop;
    private int _seq;

    public static T38Path Direct() => new(null, null);

    public static T38Path Udptl(UdptlOptions options, Func<bool>? drop) => new(options, drop);

    private T38Path(UdptlOptions? options, Func<bool>? drop)
    {
        if (options is not null)
        {
            _sender = new UdptlSender(options);
            _receiver = new UdptlReceiver();
        }
        _drop = drop;
    }

    public UdptlReceiver? Receiver => _receiver;
    public int Dropped { get; private set; }

    /// <summary>Changes each IFP packet before it goes on (argument: the packet and its index on this path).</summary>
    public Func<byte[], int, byte[]>? Alter { get; set; }

    private int _packets;

    public void Send(byte[] ifp, Action<ReadOnlySpan<byte>, int> deliver)
    {
        if (Alter is not null)
            ifp = Alter(ifp, _packets++);
        if (_sender is null)
        {
            deliver(ifp, _seq++ & 0xFFFF);
            return;
        }
        var datagram = _sender.Send(ifp);
        if (_drop?.Invoke() == true)
        {
            Dropped++;
            return;
        }
        _receiver!.Receive(datagram, (seq, data) => deliver(data.Span, seq));
    }
}
