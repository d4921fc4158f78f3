using Gateway.Fax.T30;
using Gateway.Fax.T30.Frames;

namespace Gateway.Fax.Tests.T30;

/// <summary>A page source of fixed octet strings (the session treats page data as opaque) and a sink that keeps what arrives.</summary>
public sealed class TestPages(params byte[][] pages) : IT30PageSource, IT30PageSink
{
    public static TestPages Random(int count, int size, int seed)
    {
        var rng = new Random(seed);
        return new TestPages(Enumerable.Range(0, count).Select(_ =>
        {
            var b = new byte[size];
            rng.NextBytes(b);
            return b;
        }).ToArray());
    }

    public T30PageFormat Format { get; set; } = new(T30Resolution.Fine, RecordingWidth.A4);
    public List<T30PageEncoding> Encodings { get; } = [];
    public List<byte[]> Received { get; } = [];
    public Func<int, bool> Accept { get; set; } = _ => true;

    public int PageCount => pages.Length;
    public T30PageFormat GetFormat(int pageIndex) => Format;

    public ReadOnlyMemory<byte> Encode(int pageIndex, T30PageEncoding encoding)
    {
        Encodings.Add(encoding);
        return pages[pageIndex];
    }

    public T30PageQuality OnPage(int pageIndex, ReadOnlyMemory<byte> data, T30PageEncoding encoding)
    {
        Received.Add(data.ToArray());
        var ok = Accept(Received.Count - 1);
        return new T30PageQuality(100, ok ? 0 : 50, ok);
    }
}
