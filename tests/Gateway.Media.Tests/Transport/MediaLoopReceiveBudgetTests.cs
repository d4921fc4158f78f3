using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Gateway.Media.Transport;
using Xunit;

namespace Gateway.Media.Tests.Transport;

public class MediaLoopReceiveBudgetTests
{
    /// <summary>Each datagram costs 200 µs of work (spinning); keeps the numbers in arrival order and the tick each came in.</summary>
    private sealed class Slow(Socket socket) : IMediaParticipant
    {
        private readonly List<(int Number, long Tick)> _received = [];
        private int _ticks;

        public Socket Socket => socket;

        public bool IsClosed => false;

        public int Ticks => Volatile.Read(ref _ticks);

        public (int Number, long Tick)[] Received
        {
            get
            {
                lock (_received)
                {
                    return [.. _received];
                }
            }
        }

        public void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress source, long nowTimestamp)
        {
            long until = TimeProvider.System.GetTimestamp() + (TimeProvider.System.TimestampFrequency / 5000);
            while (TimeProvider.System.GetTimestamp() < until)
            {
                Thread.SpinWait(10);
            }

            lock (_received)
            {
                _received.Add((BinaryPrimitives.ReadInt32BigEndian(datagram), nowTimestamp));
            }
        }

        public void OnTick(long nowTimestamp) => Interlocked.Increment(ref _ticks);
    }

    [Fact]
    public async Task A_burst_is_received_over_several_ticks_in_order_while_every_stream_keeps_its_tick()
    {
        var ports = new MediaPortAllocator(IPAddress.Loopback, 42200, 42299);
        Socket flooded = ports.Bind();
        flooded.ReceiveBufferSize = 1 << 20;
        Socket quiet = ports.Bind();
        using var loop = new MediaLoop(TimeProvider.System, threads: 1, name: "budget-test") { ReceiveBudget = TimeSpan.FromMilliseconds(2) };
        var burst = new Slow(flooded);
        var other = new Slow(quiet);
        loop.Add(burst);
        loop.Add(other);
        loop.Start();
        await Task.Delay(100, TestContext.Current.CancellationToken);

        // 200 datagrams at 200 µs each: 40 ms of receive work, 2 ms of it per tick.
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        byte[] payload = new byte[4];
        for (int n = 0; n < 200; n++)
        {
            BinaryPrimitives.WriteInt32BigEndian(payload, n);
            sender.SendTo(payload, flooded.LocalEndPoint!);
        }

        int ticksBefore = other.Ticks;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (burst.Received.Length < 200 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        (int Number, long Tick)[] received = burst.Received;
        Assert.Equal(Enumerable.Range(0, 200), received.Select(r => r.Number));
        int ticksUsed = received.Select(r => r.Tick).Distinct().Count();
        Assert.True(ticksUsed >= 5, $"the burst was received in {ticksUsed} ticks");
        Assert.True(other.Ticks - ticksBefore >= ticksUsed - 1, $"the other stream ticked {other.Ticks - ticksBefore} times meanwhile");
        Assert.True(loop.Statistics.DeferredTicks >= 4, $"{loop.Statistics.DeferredTicks} ticks deferred datagrams");
        Assert.True(loop.Statistics.MaxTickDatagrams < 200, $"most datagrams in one tick {loop.Statistics.MaxTickDatagrams}");

        loop.Dispose();
        ports.Release(flooded);
        ports.Release(quiet);
    }

    [Fact]
    public void The_budget_must_be_positive()
    {
        using var loop = new MediaLoop(TimeProvider.System, threads: 1);
        Assert.Equal(MediaLoop.DefaultReceiveBudget, loop.ReceiveBudget);
        Assert.Throws<ArgumentOutOfRangeException>(() => loop.ReceiveBudget = TimeSpan.Zero);
        loop.ReceiveBudget = TimeSpan.MaxValue;
        Assert.Equal(TimeSpan.MaxValue, loop.ReceiveBudget);
    }
}
