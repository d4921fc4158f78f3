using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Resolution;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Resolution;

/// <summary>
/// <see cref="DnsClient"/>'s cache against a scripted DNS server on 127.0.0.1 that counts the questions it gets and
/// answers with the TTLs a test sets (dnsmasq's TTLs cannot be chosen per record); time is a fake clock.
/// </summary>
public sealed class DnsCacheTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_answer_is_reused_until_its_ttl_runs_out()
    {
        await using var server = new ScriptedDnsServer { AnswerTtl = 60, SoaMinimum = 600 };
        var clock = new FakeTimeProvider();
        var client = new DnsClient(server.EndPoint) { Time = clock };

        Assert.Equal([IPAddress.Parse("127.0.0.9")], await client.QueryAddressesAsync("sip.carrier.test", Ct));
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal([IPAddress.Parse("127.0.0.9")], await client.QueryAddressesAsync("SIP.carrier.test.", Ct)); // names are case-insensitive
        Assert.Equal(2, server.Questions); // A and AAAA once
        clock.Advance(TimeSpan.FromSeconds(2));
        await client.QueryAddressesAsync("sip.carrier.test", Ct);
        Assert.Equal(3, server.Questions); // the A record expired; the negative AAAA answer holds for 600 s
    }

    [Fact]
    public async Task A_long_ttl_is_capped_and_a_zero_ttl_is_not_kept()
    {
        await using var server = new ScriptedDnsServer { AnswerTtl = 86_400 };
        var clock = new FakeTimeProvider();
        var client = new DnsClient(server.EndPoint) { Time = clock, MaxCacheTtl = TimeSpan.FromMinutes(10) };
        await client.QuerySrvAsync("_sip._udp.carrier.test", Ct);
        clock.Advance(TimeSpan.FromMinutes(10));
        await client.QuerySrvAsync("_sip._udp.carrier.test", Ct);
        Assert.Equal(2, server.Questions);

        server.AnswerTtl = 0;
        await client.QuerySrvAsync("_sip._tcp.carrier.test", Ct);
        await client.QuerySrvAsync("_sip._tcp.carrier.test", Ct);
        Assert.Equal(4, server.Questions);
    }

    [Fact]
    public async Task A_negative_answer_is_kept_for_the_soa_minimum_and_not_at_all_without_an_soa()
    {
        await using var server = new ScriptedDnsServer { Negative = true, SoaMinimum = 30 };
        var clock = new FakeTimeProvider();
        var client = new DnsClient(server.EndPoint) { Time = clock };
        Assert.Empty(await client.QueryNaptrAsync("carrier.test", Ct));
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await client.QueryNaptrAsync("carrier.test", Ct));
        Assert.Equal(1, server.Questions);
        clock.Advance(TimeSpan.FromSeconds(1));
        await client.QueryNaptrAsync("carrier.test", Ct);
        Assert.Equal(2, server.Questions);

        server.SoaMinimum = null;
        await client.QueryNaptrAsync("other.test", Ct);
        await client.QueryNaptrAsync("other.test", Ct);
        Assert.Equal(4, server.Questions);
    }

    [Fact]
    public async Task Callers_asking_at_once_share_one_lookup_and_a_failed_one_is_not_kept()
    {
        await using var server = new ScriptedDnsServer { AnswerTtl = 60, Delay = TimeSpan.FromMilliseconds(200) };
        var client = new DnsClient(server.EndPoint);
        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.QuerySrvAsync("_sip._udp.carrier.test", Ct)));
        Assert.All(all, a => Assert.Equal(5070, Assert.Single(a).Port));
        Assert.Equal((1, 1), (server.Questions, client.Lookups));

        // One caller giving up does not cancel the lookup for the others.
        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        var patient = client.QuerySrvAsync("_sip._tcp.carrier.test", Ct);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.QuerySrvAsync("_sip._tcp.carrier.test", impatient.Token));
        Assert.Single(await patient);

        server.Silent = true;
        server.Delay = TimeSpan.Zero;
        var quick = new DnsClient(server.EndPoint) { Timeout = TimeSpan.FromMilliseconds(100), Attempts = 1 };
        await Assert.ThrowsAsync<DnsException>(() => quick.QuerySrvAsync("_sip._udp.down.test", Ct));
        server.Silent = false;
        Assert.Single(await quick.QuerySrvAsync("_sip._udp.down.test", Ct)); // the timeout was not cached
    }

    /// <summary>
    /// Answers every question: A → 127.0.0.9, AAAA → no data, SRV → one record to port 5070, NAPTR → no data; or, with
    /// <see cref="Negative"/>, NXDOMAIN; negative answers carry an SOA with <see cref="SoaMinimum"/> when set.
    /// </summary>
    sealed class ScriptedDnsServer : IAsyncDisposable
    {
        readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        readonly CancellationTokenSource _stop = new();
        readonly Task _loop;
        int _questions;

        public ScriptedDnsServer()
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _loop = Task.Run(LoopAsync);
        }

        public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

        public int Questions => Volatile.Read(ref _questions);

        public uint AnswerTtl { get; set; } = 60;

        public bool Negative { get; set; }

        public uint? SoaMinimum { get; set; } = 30;

        public bool Silent { get; set; }

        public TimeSpan Delay { get; set; }

        async Task LoopAsync()
        {
            var buffer = new byte[512];
            EndPoint any = new IPEndPoint(IPAddress.Any, 0);
            while (!_stop.IsCancellationRequested)
            {
                SocketReceiveFromResult r;
                try { r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token); }
                catch (OperationCanceledException) { return; }
                if (Silent) continue;
                Interlocked.Increment(ref _questions);
                var reply = Reply(buffer.AsSpan(0, r.ReceivedBytes).ToArray());
                if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
                await _socket.SendToAsync(reply, SocketFlags.None, r.RemoteEndPoint);
            }
        }

        byte[] Reply(byte[] query)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(query.Length - 4));
            byte[] answer = Negative ? [] : type switch
            {
                1 => Record(1, [127, 0, 0, 9]),
                33 => Record(33, [0, 10, 0, 0, 0x13, 0xCE, 3, .. "sip"u8, 7, .. "carrier"u8, 4, .. "test"u8, 0]),
                _ => [],
            };
            byte[] soa = answer.Length == 0 && SoaMinimum is { } min ? Record(6, [0, 0, 0, 0, 0, 1, 0, 0, 0, 60, 0, 0, 0, 60, 0, 0, 0, 60, .. Be32(min)], ttl: 300) : [];
            var reply = (byte[])query.Clone();
            reply[2] = 0x81;
            reply[3] = (byte)(0x80 | (Negative ? 3 : 0));
            reply[7] = (byte)(answer.Length > 0 ? 1 : 0);
            reply[9] = (byte)(soa.Length > 0 ? 1 : 0);
            return [.. reply, .. answer, .. soa];
        }

        byte[] Record(ushort type, byte[] data, uint? ttl = null) =>
            [0xC0, 12, .. Be16(type), 0, 1, .. Be32(ttl ?? AnswerTtl), .. Be16((ushort)data.Length), .. data];

        static byte[] Be16(ushort v) => [(byte)(v >> 8), (byte)v];

        static byte[] Be32(uint v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _socket.Dispose();
            try { await _loop; } catch (ObjectDisposedException) { } catch (SocketException) { }
            _stop.Dispose();
        }
    }
}
