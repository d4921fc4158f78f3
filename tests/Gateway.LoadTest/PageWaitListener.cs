using System.Diagnostics.Metrics;
using System.Globalization;
using Gateway.Calls.Tracing;

namespace Gateway.LoadTest;

/// <summary>
/// Listens to <c>gateway.fax.page_wait</c> (<see cref="FaxCallMetrics"/>): how often, how long in all and at most the
/// start of phase C waited on the media thread for a page still being coded.
/// </summary>
internal sealed class PageWaitListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private int _count;
    private double _totalMs;
    private double _maxMs;

    public PageWaitListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FaxCallMetrics.MeterName && instrument.Name == "gateway.fax.page_wait")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, ms, _, _) =>
        {
            lock (_gate)
            {
                _count++;
                _totalMs += ms;
                _maxMs = Math.Max(_maxMs, ms);
            }
        });
        _listener.Start();
    }

    public void Reset()
    {
        lock (_gate)
        {
            _count = 0;
            _totalMs = 0;
            _maxMs = 0;
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{_count} times, {_totalMs:F0} ms in all, at most {_maxMs:F1} ms");
        }
    }

    public void Dispose() => _listener.Dispose();
}
