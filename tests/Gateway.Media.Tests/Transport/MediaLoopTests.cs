using System.Net;
using System.Net.Sockets;
using Gateway.Media.Rtp;
using Gateway.Media.Transport;
using Xunit;

namespace Gateway.Media.Tests.Transport;

public class MediaLoopTests
{
    private sealed class Recorder(byte fill) : IRtpAudioHandler
    {
        private int _audioFrames;
        private int _frames;

        public int AudioFrames => Volatile.Read(ref _audioFrames);

        /// <summary>Every frame the stream asked for (one per tick).</summary>
        public int Frames => Volatile.Read(ref _frames);

        public byte LastByte { get; private set; }

        public void OnFrame(ReadOnlySpan<byte> received, RtpFrameKind kind, Span<byte> toSend)
        {
            Interlocked.Increment(ref _frames);
            if (kind == RtpFrameKind.Audio)
            {
                LastByte = received[0];
                Interlocked.Increment(ref _audioFrames);
            }

            toSend.Fill(fill);
        }
    }

    [Fact]
    public async Task Two_streams_exchange_paced_audio_over_loopback_and_latch_symmetrically()
    {
        var ports = new MediaPortAllocator(IPAddress.Loopback, 41000, 41999);
        using var loop = new MediaLoop(TimeProvider.System, threads: 2);
        Socket socketA = ports.Bind();
        Socket socketB = ports.Bind();
        var a = new Recorder(0x11);
        var b = new Recorder(0x22);
        var options = new RtpSessionOptions { AudioPayloadType = 0, JitterMode = JitterBufferMode.Fixed, JitterDelayMs = 40 };

        // B is told a wrong address for A (as a NATed SDP would): symmetric RTP must still reach A.
        var deadEnd = new IPEndPoint(IPAddress.Loopback, 9);
        var streamA = new RtpMediaStream(socketA, new RtpSession(options), (IPEndPoint)socketB.LocalEndPoint!, a, TimeProvider.System);
        var streamB = new RtpMediaStream(socketB, new RtpSession(options), deadEnd, b, TimeProvider.System);
        loop.Add(streamA);
        loop.Add(streamB);
        loop.Start();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((a.AudioFrames < 25 || b.AudioFrames < 25) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(b.AudioFrames >= 25, $"B heard {b.AudioFrames} frames");
        Assert.True(a.AudioFrames >= 25, $"A heard {a.AudioFrames} frames");
        Assert.Equal(0x11, b.LastByte);
        Assert.Equal(0x22, a.LastByte);
        Assert.True(loop.Lateness.Count > 50);

        streamA.Close();
        streamB.Close();
        ports.Release(socketA);
        ports.Release(socketB);
        Assert.Equal(0, ports.PortsInUse);
    }

    [Fact]
    public async Task A_closed_stream_is_told_once_that_it_left_the_loop_and_gets_no_tick_after_that()
    {
        var ports = new MediaPortAllocator(IPAddress.Loopback, 41000, 41999);
        using var loop = new MediaLoop(TimeProvider.System, threads: 1);
        Socket socket = ports.Bind();
        var handler = new Recorder(0x33);
        var options = new RtpSessionOptions { AudioPayloadType = 0, JitterMode = JitterBufferMode.Fixed, JitterDelayMs = 40 };
        var stream = new RtpMediaStream(socket, new RtpSession(options), new IPEndPoint(IPAddress.Loopback, 9), handler, TimeProvider.System);
        int removed = 0;
        int framesAtRemoval = -1;
        string? removedOn = null;
        stream.Removed = () =>
        {
            framesAtRemoval = handler.Frames;
            removedOn = Thread.CurrentThread.Name;
            Interlocked.Increment(ref removed);
        };
        loop.Add(stream);
        loop.Start();
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal(0, Volatile.Read(ref removed)); // open: still served
        Assert.True(handler.Frames > 0);

        stream.Close();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref removed) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        await Task.Delay(300, TestContext.Current.CancellationToken); // 15 more ticks
        Assert.Equal(1, Volatile.Read(ref removed));
        Assert.Equal("media-0", removedOn);
        Assert.Equal(framesAtRemoval, handler.Frames); // what only the loop used may now go to another call
        Assert.Equal(0, loop.Count);
        ports.Release(socket);
    }

    [Fact]
    public void Allocator_hands_out_even_ports_and_reports_an_exhausted_range()
    {
        var ports = new MediaPortAllocator(IPAddress.Loopback, 42001, 42004);
        using Socket first = ports.Bind();
        using Socket second = ports.Bind();

        Assert.Equal(42002, ((IPEndPoint)first.LocalEndPoint!).Port);
        Assert.Equal(42004, ((IPEndPoint)second.LocalEndPoint!).Port);
        var error = Assert.Throws<InvalidOperationException>(() => ports.Bind());
        Assert.Contains("42002-42004", error.Message, StringComparison.Ordinal);
    }
}
