using Gateway.Fax.Coding;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;

namespace Gateway.Calls.Simulator;

/// <summary>
/// The simulated office's paper tray: decodes each received page with our T.4/T.6 decoder, judges it as a
/// receiving fax machine would (bad rows → RTN, T.30 §5.3.6.1.7) and writes it as a PNG anyone can open.
/// The judgement is needed at once (it decides MCF or RTN), so the decoding runs where the T.30 session calls
/// (the media thread); the PNG encoding and the file write are queued to the thread pool, one page after the
/// other, because they took milliseconds per page on the thread that serves every other call's packets.
/// </summary>
internal sealed class ReceivedPages(string folder, string prefix) : IT30PageSink
{
    private readonly FaxPageSink _sink = new();
    private readonly List<string> _files = [];
    private Task _writing = Task.CompletedTask;

    /// <summary>The PNG files written so far (see <see cref="WhenWrittenAsync"/>).</summary>
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
            FaxPage page = _sink.Pages[pageIndex];
            string file = Path.Combine(folder, $"{prefix}-p{pageIndex + 1}.png");
            lock (_files)
            {
                // In order: a page received again (after RTN) is written after, and over, its earlier copy.
                _writing = _writing.ContinueWith(_ => Write(page, file), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }

        return quality;
    }

    /// <summary>
    /// Completes when every page received so far has been written (its file then appears in <see cref="Files"/>); a page
    /// whose file could not be written is left out of <see cref="Files"/>, and the I/O error is thrown here if it was the last.
    /// </summary>
    public Task WhenWrittenAsync()
    {
        lock (_files)
        {
            return _writing;
        }
    }

    private void Write(FaxPage page, string file)
    {
        FaxPagePng.Write(page, file);
        lock (_files)
        {
            if (!_files.Contains(file))
            {
                _files.Add(file);
            }
        }
    }
}
