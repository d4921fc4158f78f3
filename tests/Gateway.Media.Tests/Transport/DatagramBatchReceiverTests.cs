using System.Net;
using System.Net.Sockets;
using Gateway.Media.Transport;
using Xunit;

namespace Gateway.Media.Tests.Transport;

public class DatagramBatchReceiverTests
{
    /// <summary>Keeps every datagram with a copy of its source, as a stream that latches would.</summary>
    private sealed class Collector(Socket socket) : IMediaParticipant
    {
        public List<(byte[] Data, IPEndPoint Source)> Received { get; } = [];

        public Socket Socket => socket;

        public bool IsClosed => false;

        public void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress source, long nowTimestamp) =>
            Received.Add((datagram.ToArray(), (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(source)));

        public void OnTick(long nowTimestamp)
        {
        }
    }

    [Fact]
    public async Task Delivers_a_burst_larger_than_one_batch_in_order_with_each_datagrams_source()
    {
        using var receiving = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiving.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        first.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        second.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        // 2.5 batches, alternating senders, lengths 1..20 and 1,500 octets (an MTU-sized one).
        int count = (DatagramBatchReceiver.Capacity * 2) + (DatagramBatchReceiver.Capacity / 2);
        for (int i = 0; i < count; i++)
        {
            byte[] payload = new byte[i == count - 1 ? 1500 : i + 1];
            payload.AsSpan().Fill((byte)i);
            (i % 2 == 0 ? first : second).SendTo(payload, receiving.LocalEndPoint!);
        }

        var participant = new Collector(receiving);
        using var receiver = new DatagramBatchReceiver();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (participant.Received.Count < count && DateTime.UtcNow < deadline)
        {
            receiver.DrainInto(participant, 0);
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        Assert.Equal(count, participant.Received.Count);
        for (int i = 0; i < count; i++)
        {
            (byte[] data, IPEndPoint source) = participant.Received[i];
            Assert.Equal(i == count - 1 ? 1500 : i + 1, data.Length);
            Assert.All(data, b => Assert.Equal((byte)i, b));
            Assert.Equal((IPEndPoint)(i % 2 == 0 ? first : second).LocalEndPoint!, source);
        }

        Assert.Equal(OperatingSystem.IsLinux(), receiver.IsBatched);
    }

    [Fact]
    public void An_empty_socket_delivers_nothing_and_a_datagram_above_the_buffer_is_dropped_without_losing_the_next()
    {
        using var receiving = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiving.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var participant = new Collector(receiving);
        using var receiver = new DatagramBatchReceiver();

        receiver.DrainInto(participant, 0);
        Assert.Empty(participant.Received);

        sender.SendTo(new byte[DatagramBatchReceiver.MaxDatagram + 100], receiving.LocalEndPoint!);
        sender.SendTo(new byte[] { 7, 7, 7 }, receiving.LocalEndPoint!);

        // Loopback queues a datagram before sendto returns. The oversized one is not handed on cut short (no media
        // datagram is that large) and the next one arrives whole; without recvmmsg (not Linux) the managed receive
        // fails on the oversized one and stops, and the next drain takes the rest.
        receiver.DrainInto(participant, 0);
        receiver.DrainInto(participant, 0);
        Assert.Contains(participant.Received, r => r.Data.SequenceEqual(new byte[] { 7, 7, 7 }));
        Assert.DoesNotContain(participant.Received, r => r.Data.Length == DatagramBatchReceiver.MaxDatagram);
    }
}
