using Gateway.Fax.T30;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Fax.Tests.T30;

/// <summary>
/// Two T30Sessions joined by an ideal in-memory line with real modem timings: each transmission takes the
/// time it would take on the line and is delivered to the other side when it ends. Optional damage hooks
/// drop ECM frames or TCF. Used to test the state machines against each other; interop with a real far end
/// is in Interop/.
/// </summary>
public sealed class T30Link
{
    private readonly FakeTimeProvider _time;
    private readonly PriorityQueue<Action, (DateTimeOffset, long)> _events = new();
    private long _order;
    private readonly Side _a;
    private readonly Side _b;

    public T30Link(FakeTimeProvider time, T30Session caller, T30Session called)
    {
        _time = time;
        _a = new Side(this, caller);
        _b = new Side(this, called);
        _a.Peer = _b;
        _b.Peer = _a;
    }

    /// <summary>Drops an HDLC frame sent by the caller when this returns true (arguments: frame octets, index of the frame so far).</summary>
    public Func<byte[], int, bool>? DropFromCaller { get; set; }

    /// <summary>Drops an HDLC frame sent by the called side.</summary>
    public Func<byte[], int, bool>? DropFromCalled { get; set; }

    /// <summary>Delivers a caller's HDLC frame with a bad FCS when this returns true.</summary>
    public Func<byte[], bool>? CorruptFromCaller { get; set; }

    /// <summary>Longest zero run reported for TCF, as a fraction of the bits sent (1 = perfect).</summary>
    public Func<int, double> TcfQuality { get; set; } = _ => 1.0;

    public List<string> Trace { get; } = [];

    public void Run(TimeSpan limit)
    {
        var end = _time.GetUtcNow() + limit;
        _a.Session.Start();
        _b.Session.Start();
        _a.Drain();
        _b.Drain();
        while (!(_a.Session.IsCompleted && _b.Session.IsCompleted) && _time.GetUtcNow() < end)
        {
            var next = end;
            if (_events.TryPeek(out _, out var key) && key.Item1 < next)
                next = key.Item1;
            foreach (var s in new[] { _a, _b })
                if (s.Session.NextDeadline is { } d && d < next)
                    next = d;
            if (next > _time.GetUtcNow())
                _time.SetUtcNow(next);
            while (_events.TryPeek(out _, out key) && key.Item1 <= _time.GetUtcNow())
                _events.Dequeue()();
            foreach (var s in new[] { _a, _b })
            {
                s.Session.Tick();
                s.Drain();
            }
        }
    }

    private void At(DateTimeOffset when, Action action) => _events.Enqueue(action, (when, _order++));

    private sealed class Side(T30Link link, T30Session session)
    {
        public T30Session Session { get; } = session;
        public Side? Peer { get; set; }
        private DateTimeOffset _busyUntil;
        private int _frameIndex;

        public void Drain()
        {
            while (Session.TryGetCommand(out var cmd))
            {
                link.Trace.Add($"{(ReferenceEquals(this, link._a) ? "A" : "B")} {link._time.GetUtcNow():ss.fff} {cmd}");
                var start = _busyUntil > link._time.GetUtcNow() ? _busyUntil : link._time.GetUtcNow();
                switch (cmd.Kind)
                {
                    case T30CommandKind.SendHdlc:
                        {
                            var bits = cmd.Frames.Sum(f => (f.Length + 4) * 8);
                            var end = start + cmd.Modem.TrainingTime() + TimeSpan.FromSeconds(bits / (double)cmd.Modem.BitRate());
                            var frames = cmd.Frames.ToList();
                            var fromCaller = ReferenceEquals(this, link._a);
                            var drop = fromCaller ? link.DropFromCaller : link.DropFromCalled;
                            var kept = frames.Where(f => drop is null || !drop(f, _frameIndex++))
                            .Select(f => (Frame: f, Ok: !(fromCaller && link.CorruptFromCaller?.Invoke(f) == true))).ToList();
                            var modem = cmd.Modem;
                            CarrierAt(start + modem.TrainingTime(), modem);
                            Finish(end, () =>
                            {
                                foreach (var (f, ok) in kept)
                                    Peer!.Session.OnHdlcFrame(f, ok);
                                Peer!.Session.OnCarrierLost();
                            });
                            break;
                        }
                    case T30CommandKind.SendTcf:
                        {
                            var end = start + cmd.Modem.TrainingTime() + cmd.Duration;
                            var bits = (long)(cmd.Modem.BitRate() * cmd.Duration.TotalSeconds);
                            var run = (long)(bits * link.TcfQuality(cmd.Modem.BitRate()));
                            Finish(end, () => Peer!.Session.OnTcfReceived(new TcfQuality(bits, run)));
                            break;
                        }
                    case T30CommandKind.SendImage:
                        {
                            var data = new List<byte>();
                            var buffer = new byte[1000];
                            int n;
                            while ((n = Session.ReadImageData(buffer)) > 0)
                                data.AddRange(buffer.AsSpan(0, n).ToArray());
                            var end = start + cmd.Modem.TrainingTime(cmd.ShortTraining) + TimeSpan.FromSeconds(data.Count * 8.0 / cmd.Modem.BitRate());
                            var modem = cmd.Modem;
                            var bytes = data.ToArray();
                            CarrierAt(start + modem.TrainingTime(cmd.ShortTraining), modem);
                            Finish(end, () =>
                            {
                                Peer!.Session.OnImageData(bytes);
                                Peer.Session.OnCarrierLost();
                            });
                            break;
                        }
                    case T30CommandKind.Silence:
                        Finish(start + cmd.Duration, null);
                        break;
                }
            }
        }

        private void CarrierAt(DateTimeOffset when, FaxModem modem) => link.At(when, () =>
        {
            Peer!.Session.OnCarrier(modem);
            Peer.Drain();
        });

        private void Finish(DateTimeOffset end, Action? deliver)
        {
            _busyUntil = end;
            link.At(end, () =>
            {
                deliver?.Invoke();
                Peer!.Drain();
                Session.OnTransmitComplete();
                Drain();
            });
        }
    }
}
