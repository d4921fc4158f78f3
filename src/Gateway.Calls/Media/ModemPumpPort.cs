using Gateway.Fax.Modems.Pump;
using Gateway.Fax.T30;

namespace Gateway.Calls.Media;

/// <summary>
/// Runs a <see cref="FaxModemPump"/> as the audio path's fax port: T.30 over G.711 with our software
/// modems. After every frame it reports progress, and once when T.30 has hung up and the last audio gone.
/// </summary>
internal sealed class ModemPumpPort : IFaxAudioPort
{
    private readonly FaxModemPump _pump;
    private readonly T30Session _session;
    private readonly Action _stepped;
    private readonly Action<T30Result> _completed;
    private bool _reported;

    public ModemPumpPort(T30Session session, TimeProvider time, Action stepped, Action<T30Result> completed)
    {
        _session = session;
        _pump = new FaxModemPump(session, time);
        _stepped = stepped;
        _completed = completed;
        _pump.Start();
    }

    public void Process(ReadOnlySpan<short> heard, Span<short> toSend)
    {
        _pump.Process(heard, toSend);
        _stepped();
        if (_pump.IsCompleted && !_reported)
        {
            _reported = true;
            _completed(_session.Result);
        }
    }
}
