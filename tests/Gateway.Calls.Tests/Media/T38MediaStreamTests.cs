using System.Net;
using System.Net.Sockets;
using Gateway.Calls.Media;
using Gateway.Fax.T30;
using Gateway.Fax.T30.Frames;
using Gateway.Fax.T38;
using Gateway.Media.Transport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gateway.Calls.Tests.Media;

public class T38MediaStreamTests
{
    /// <summary>Opaque page data: T.30 and T.38 carry octets, they never look at pixels.</summary>
    private sealed class Pages(byte[] page) : IT30PageSource, IT30PageSink
    {
        public List<byte[]> Received { get; } = [];

        public int PageCount => 1;

        public T30PageFormat GetFormat(int pageIndex) => new(T30Resolution.Fine, RecordingWidth.A4);

        public ReadOnlyMemory<byte> Encode(int pageIndex, T30PageEncoding encoding) => page;

        public T30PageQuality OnPage(int pageIndex, ReadOnlyMemory<byte> data, T30PageEncoding encoding)
        {
            lock (Received)
            {
                Received.Add(data.ToArray());
            }

            return new T30PageQuality(100, 0, true);
        }
    }

    [Fact]
    public async Task A_page_crosses_real_udptl_sockets_in_real_time_with_redundancy()
    {
        var page = new byte[4000];
        new Random(7).NextBytes(page);
        var source = new Pages(page);
        var sink = new Pages([]);
        TimeProvider time = TimeProvider.System;
        var ports = new MediaPortAllocator(IPAddress.Loopback, 43000, 43999);
        Socket callerSocket = ports.Bind();
        Socket calledSocket = ports.Bind();
        var udptl = new UdptlOptions { RedundancyDepth = 3 };

        // No ECM: the page goes as non-ECM T.4 data, which is what a lossy link tests hardest.
        var caller = new T38Terminal(new T30Session(new T30Settings { IsCaller = true, LocalIdent = "GATEWAY", Ecm = false }, time, source), new T38TerminalOptions(), time);
        var called = new T38Terminal(new T30Session(new T30Settings { IsCaller = false, LocalIdent = "OFFICE", Ecm = false }, time, sink: sink), new T38TerminalOptions(), time);
        var callerStream = new T38MediaStream(callerSocket, (IPEndPoint)calledSocket.LocalEndPoint!, caller, udptl, time);
        var calledStream = new T38MediaStream(calledSocket, (IPEndPoint)callerSocket.LocalEndPoint!, called, udptl, time);
        var done = new TaskCompletionSource<T30Result>(TaskCreationOptions.RunContinuationsAsynchronously);
        callerStream.Completed += r => done.TrySetResult(r);

        using var loop = new MediaLoop(time, threads: 1);
        caller.Start();
        called.Start();
        loop.Add(callerStream);
        loop.Add(calledStream);
        loop.Start();

        T30Result result = await done.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, $"{result.Code}: {result.Text}");
        Assert.Equal(1, result.PagesConfirmed);
        Assert.Equal("OFFICE", result.RemoteIdent?.Trim());
        Assert.Equal(page, Assert.Single(sink.Received).AsSpan(0, page.Length).ToArray());
        Assert.True(callerStream.Receiver.Received > 0);
        callerStream.Close();
        calledStream.Close();
    }

    [Fact]
    public void A_waiting_terminal_is_left_alone_until_its_deadline_or_a_datagram()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        var ports = new MediaPortAllocator(IPAddress.Loopback, 44000, 44999);
        Socket socket = ports.Bind();
        Socket far = ports.Bind();
        // A caller waits for DIS until T1 (35 s) runs out; nothing else is due meanwhile.
        var terminal = new T38Terminal(new T30Session(new T30Settings { IsCaller = true, LocalIdent = "GATEWAY", Ecm = false }, time, new Pages([1, 2, 3])), new T38TerminalOptions(), time);
        var stream = new T38MediaStream(socket, (IPEndPoint)far.LocalEndPoint!, terminal, new UdptlOptions(), time);
        int steps = 0;
        T30Result? result = null;
        DateTimeOffset? completedAt = null;
        stream.Stepped += () => steps++;
        stream.Completed += r => (result, completedAt) = (r, time.GetUtcNow());
        terminal.Start();

        stream.OnTick(time.GetTimestamp()); // opens the path with no-signal
        Assert.Equal(1, steps);
        Assert.True(far.Available > 0);

        // Ten seconds of ticks: none of them runs the terminal.
        for (int i = 0; i < 500; i++)
        {
            time.Advance(MediaLoop.Interval);
            stream.OnTick(time.GetTimestamp());
        }

        Assert.Equal(1, steps);

        // A datagram is handled at once, and the tick after it looks at the terminal again.
        byte[] ifp = new byte[8];
        int ifpLength = IfpCodec.EncodeIndicator(T38Indicator.NoSignal, 0, ifp);
        var sender = new UdptlSender(new UdptlOptions());
        byte[] datagram = new byte[sender.MaxDatagram];
        int length = sender.Send(ifp.AsSpan(0, ifpLength), datagram);
        stream.OnDatagram(datagram.AsSpan(0, length), far.LocalEndPoint!.Serialize(), time.GetTimestamp());
        Assert.Equal(2, steps);
        time.Advance(MediaLoop.Interval);
        stream.OnTick(time.GetTimestamp());
        Assert.Equal(3, steps);

        // T1 expires at 35 s: the first tick at or after it ends the session.
        while (result is null && time.GetUtcNow() < new DateTimeOffset(2026, 11, 29, 12, 1, 0, TimeSpan.Zero))
        {
            time.Advance(MediaLoop.Interval);
            stream.OnTick(time.GetTimestamp());
        }

        Assert.NotNull(result);
        Assert.False(result.Succeeded);
        Assert.InRange(completedAt!.Value - new DateTimeOffset(2026, 11, 29, 12, 0, 35, TimeSpan.Zero), TimeSpan.Zero, MediaLoop.Interval);
        Assert.InRange(steps, 4, 8); // the deadline tick and what the hang-up sends, not 1,750 ticks
        stream.Close();
        ports.Release(socket);
        ports.Release(far);
    }
}
