using Gateway.Fax.T30;

namespace Gateway.Calls.Simulator;

/// <summary>
/// Keeps each received page as its coded T.4/T.6 data (first bit least significant), named with the
/// coding it arrived in, so it can be decoded and checked later.
/// </summary>
internal sealed class ReceivedPages(string folder, string prefix) : IT30PageSink
{
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

    public T30PageQuality OnPage(int pageIndex, ReadOnlyMemory<byte> data, T30PageEncoding encoding)
    {
        string file = Path.Combine(folder, $"{prefix}-p{pageIndex + 1}-{encoding.Compression}-{encoding.Resolution}.t4");
        File.WriteAllBytes(file, data.ToArray());
        lock (_files)
        {
            _files.Add(file);
        }

        return new T30PageQuality(0, 0, true);
    }
}
