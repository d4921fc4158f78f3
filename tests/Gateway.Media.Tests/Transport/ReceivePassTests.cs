using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Gateway.Media.Transport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gateway.Media.Tests.Transport;

public class ReceivePassTests
{
    private static readonly TimeSpan PerDatagram = TimeSpan.FromMilliseconds(1);

    /// <summary>Keeps the number in each datagram and which pass handed it on; each datagram "costs" 1 ms of the fake clock.</summary>
    private sealed class Numbered(Socket socket, FakeTimeProvider clock) : IMediaParticipant, IDisposable
    {
        public List<(int Number, int Pass)> Received { get; } = [];

        public int Pass { get; set; }

        public Socket Socket => socket;

        public bool IsClosed => false;

        public void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress source, long nowTimestamp)
        {
            Received.Add((BinaryPrimitives.ReadInt32BigEndian(datagram), Pass));
            clock.Advance(PerDatagram);
        }

        public void OnTick(long nowTimestamp)
        {
        }

        public void Dispose() => socket.Dispose();
    }

    private static Numbered[] Participants(int count, FakeTimeProvider clock)
    {
        var result = new Numbered[count];
        for (int i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20 };
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            result[i] = new Numbered(socket, clock);
        }

        return result;
    }

    private static void Send(Socket from, Numbered to, int first, int count)
    {
        Span<byte> payload = stackalloc byte[4];
        for (int n = first; n < first + count; n++)
        {
            BinaryPrimitives.WriteInt32BigEndian(payload, n);
            from.SendTo(payload, to.Socket.LocalEndPoint!); // loopback: queued before SendTo returns
        }
    }

    /// <summary>Runs passes of <paramref name="budget"/> (on a fresh poll each, as the loop does) until nothing is waiting; returns how many.</summary>
    private static int DrainAll(Numbered[] participants, ReceivePass pass, FakeTimeProvider clock, TimeSpan budget, int expected)
    {
        using var receiver = new DatagramBatchReceiver();
        var readiness = new ReadinessPoll();
        IMediaParticipant[] all = participants;
        int passes = 0;
        while (participants.Sum(p => p.Received.Count) < expected && passes < 1000)
        {
            passes++;
            foreach (Numbered p in participants)
            {
                p.Pass = passes;
            }

            bool polled = readiness.Refresh(all, version: 1);
            long start = clock.GetTimestamp();
            long deadline = budget == TimeSpan.MaxValue ? long.MaxValue : start + (long)(budget.TotalSeconds * clock.TimestampFrequency);
            pass.Run(all, polled ? readiness : null, receiver, clock, now: start, deadline);
        }

        return passes;
    }

    [Fact]
    public void A_budget_spreads_a_backlog_over_passes_without_losing_duplicating_or_reordering_a_datagram()
    {
        var clock = new FakeTimeProvider();
        Numbered[] participants = Participants(3, clock);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (int i = 0; i < participants.Length; i++)
        {
            Send(sender, participants[i], first: i * 1000, count: 50);
        }

        int passes = DrainAll(participants, new ReceivePass(), clock, TimeSpan.FromMilliseconds(10), expected: 150);

        // 150 datagrams at 1 ms each under a 10 ms budget: at least 15 passes (a pass stops after the batch that crosses
        // its budget, at most 8 datagrams late), and every datagram exactly once, in the order it was sent.
        Assert.InRange(passes, 9, 16);
        for (int i = 0; i < participants.Length; i++)
        {
            Assert.Equal(Enumerable.Range(i * 1000, 50), participants[i].Received.Select(r => r.Number));
        }

        Assert.All(participants, p => Assert.True(p.Received.Select(r => r.Pass).Distinct().Count() > 1, "each backlog took several passes"));
        foreach (Numbered p in participants)
        {
            p.Dispose();
        }
    }

    [Fact]
    public void Without_a_budget_one_pass_takes_everything_in_order()
    {
        var clock = new FakeTimeProvider();
        Numbered[] participants = Participants(2, clock);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Send(sender, participants[0], 0, 40);
        Send(sender, participants[1], 100, 3);
        var pass = new ReceivePass();

        Assert.Equal(1, DrainAll(participants, pass, clock, TimeSpan.MaxValue, expected: 43));
        Assert.False(pass.Deferred);
        Assert.Equal(Enumerable.Range(0, 40), participants[0].Received.Select(r => r.Number));
        Assert.Equal(Enumerable.Range(100, 3), participants[1].Received.Select(r => r.Number));
        foreach (Numbered p in participants)
        {
            p.Dispose();
        }
    }

    [Fact]
    public void A_flooded_socket_does_not_starve_the_others_the_rotating_start_reaches_each_within_two_passes()
    {
        var clock = new FakeTimeProvider();
        Numbered[] participants = Participants(5, clock);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Send(sender, participants[0], 0, 200); // a far end catching up on one call
        for (int i = 1; i < participants.Length; i++)
        {
            Send(sender, participants[i], i * 1000, 1);
        }

        var pass = new ReceivePass();
        DrainAll(participants, pass, clock, TimeSpan.FromMilliseconds(5), expected: 204);

        // Pass 1 starts at the flooded socket and its backlog uses the budget; pass 2 starts with the ones it left.
        for (int i = 1; i < participants.Length; i++)
        {
            (int number, int when) = Assert.Single(participants[i].Received);
            Assert.Equal(i * 1000, number);
            Assert.True(when <= 2, $"participant {i} waited until pass {when}");
        }

        Assert.Equal(Enumerable.Range(0, 200), participants[0].Received.Select(r => r.Number));
        foreach (Numbered p in participants)
        {
            p.Dispose();
        }
    }

    [Fact]
    public void The_next_pass_starts_with_the_first_socket_the_budget_did_not_reach()
    {
        var clock = new FakeTimeProvider();
        Numbered[] participants = Participants(4, clock);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (int i = 0; i < participants.Length; i++)
        {
            Send(sender, participants[i], i * 1000, 3);
        }

        using var receiver = new DatagramBatchReceiver();
        var pass = new ReceivePass();
        IMediaParticipant[] all = participants;
        long start = clock.GetTimestamp();

        // 3 ms per socket, budget 5 ms: sockets 0 and 1 are drained (the budget is checked between sockets), 2 and 3 wait.
        pass.Run(all, null, receiver, clock, start, start + (long)(0.005 * clock.TimestampFrequency));

        Assert.True(pass.Deferred);
        Assert.Equal(2, pass.Cursor);
        Assert.Equal([3, 3, 0, 0], participants.Select(p => p.Received.Count));
        foreach (Numbered p in participants)
        {
            p.Pass = 2;
        }

        start = clock.GetTimestamp();
        pass.Run(all, null, receiver, clock, start, start + (long)(0.005 * clock.TimestampFrequency));
        Assert.Equal([3, 3, 3, 3], participants.Select(p => p.Received.Count));
        Assert.Equal(0, pass.Cursor);
        foreach (Numbered p in participants)
        {
            p.Dispose();
        }
    }
}
