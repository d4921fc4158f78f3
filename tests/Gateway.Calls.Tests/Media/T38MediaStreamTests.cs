using System.Net;
using System.Net.Sockets;
using Gateway.Calls.Media;
using Gateway.Fax.T30;
using Gateway.Fax.T30.Frames;
using Gateway.Fax.T38;
using Gateway.Media.Transport;
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
}
