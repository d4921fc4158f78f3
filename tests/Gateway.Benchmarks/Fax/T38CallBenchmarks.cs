using BenchmarkDotNet.Attributes;
using Gateway.Fax.T30;
using Gateway.Fax.T30.Frames;
using Gateway.Fax.T38;

namespace Gateway.Benchmarks.Fax;

/// <summary>
/// One T.38 call of one 20 KB page between two of our terminals, IFP by IFP in memory on a simulated clock (both
/// ends, their T.30 sessions included): what a call's fax part allocates, non-ECM and ECM.
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*T38CallBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class T38CallBenchmarks
{
    sealed class Pages(byte[] page) : IT30PageSource, IT30PageSink
    {
        public int PageCount => 1;
        public T30PageFormat GetFormat(int pageIndex) => new(T30Resolution.Standard, RecordingWidth.A4);
        public ReadOnlyMemory<byte> Encode(int pageIndex, T30PageEncoding encoding) => page;
        public T30PageQuality OnPage(int pageIndex, ReadOnlyMemory<byte> data, T30PageEncoding encoding) => new(1, 0, true);
    }

    sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now = DateTimeOffset.UnixEpoch;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    readonly byte[] _page = new byte[20_000];
    readonly byte[] _ifp = new byte[512];

    [Params(false, true)]
    public bool Ecm { get; set; }

    [GlobalSetup]
    public void Setup() => new Random(3).NextBytes(_page);

    [Benchmark(Description = "one-page T.38 call, both terminals")]
    public bool Call()
    {
        var clock = new ManualClock();
        var pages = new Pages(_page);
        var options = new T38TerminalOptions { Version = 0 };
        var tx = new T38Terminal(new T30Session(new T30Settings { IsCaller = true, Ecm = Ecm }, clock, source: pages), options, clock);
        var rx = new T38Terminal(new T30Session(new T30Settings { IsCaller = false, Ecm = Ecm }, clock, sink: pages), options, clock);
        int toRx = 0, toTx = 0;
        tx.Start();
        rx.Start();
        for (int step = 0; step < 100_000 && !(tx.IsCompleted && rx.IsCompleted); step++)
        {
            tx.Tick();
            while (tx.TryGetPacket(_ifp, out int n)) rx.OnIfp(_ifp.AsSpan(0, n), toRx++);
            rx.Tick();
            while (rx.TryGetPacket(_ifp, out int n)) tx.OnIfp(_ifp.AsSpan(0, n), toTx++);
            clock.Now += TimeSpan.FromMilliseconds(10);
        }
        return tx.Session.IsCompleted;
    }
}
