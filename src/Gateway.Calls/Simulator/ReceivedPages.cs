using Gateway.Fax.Coding;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;

namespace Gateway.Calls.Simulator;

/// <summary>
/// The simulated office's paper tray: decodes each received page with our T.4/T.6 decoder, judges it as a
/// receiving fax machine would (bad rows → RTN, T.30 §5.3.6.1.7) and writes it as a PNG anyone can open.
/// </summary>
internal sealed class ReceivedPages(string folder, string prefix) : IT30PageSink
{
    private readonly FaxPageSink _sink = new();
    private readonly List<string> _files = [];

    public IReadOnlyList<string> Files
    {
        get
        {
            lock (_files)
            {
                return [.. _files];
            }
        }
    }

    /// <summary>The decoded pages, in order.</summary>
    public IReadOnlyList<FaxPage> Pages => _sink.Pages;

    public T30PageQuality OnPage(int pageIndex, ReadOnlyMemory<byte> data, T30PageEncoding encoding)
    {
        T30PageQuality quality = _sink.OnPage(pageIndex, data, encoding);
        if (quality.Acceptable)
        {
            string file = Path.Combine(folder, $"{prefix}-p{pageIndex + 1}.png");
            FaxPagePng.Write(_sink.Pages[pageIndex], file);
            lock (_files)
            {
                if (!_files.Contains(file))
                {
                    _files.Add(file);
                }
            }
        }

        return quality;
    }
}
