using System.Net;
using System.Net.Sockets;

namespace Gateway.Sip.Resolution;

/// <summary>
/// A small stub resolver over UDP (RFC 1035 §4.2.1) asking one recursive server, for the SRV and NAPTR
/// records System.Net.Dns cannot look up. Each query uses a fresh socket and a random id; it is repeated
/// <see cref="Attempts"/> times, each waiting <see cref="Timeout"/>.
/// </summary>
public sealed class DnsClient(IPEndPoint server)
{
    public IPEndPoint Server { get; } = server;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    public int Attempts { get; init; } = 2;

    /// <summary>SRV records of <paramref name="name"/> (e.g. <c>_sip._udp.example.com</c>) in the order received.</summary>
    public async Task<IReadOnlyList<SrvRecord>> QuerySrvAsync(string name, CancellationToken ct = default) =>
        [.. (await QueryAsync(name, DnsRecordType.Srv, ct).ConfigureAwait(false)).Cast<SrvRecord>()];

    /// <summary>NAPTR records of <paramref name="name"/> (RFC 3403) in the order received; empty when there are none.</summary>
    public async Task<IReadOnlyList<NaptrRecord>> QueryNaptrAsync(string name, CancellationToken ct = default) =>
        [.. (await QueryAsync(name, DnsRecordType.Naptr, ct).ConfigureAwait(false)).Cast<NaptrRecord>()];

    /// <summary>A then AAAA addresses of <paramref name="name"/>; empty when the name does not exist.</summary>
    public async Task<IReadOnlyList<IPAddress>> QueryAddressesAsync(string name, CancellationToken ct = default)
    {
        var v4 = await QueryAsync(name, DnsRecordType.A, ct).ConfigureAwait(false);
        var v6 = await QueryAsync(name, DnsRecordType.Aaaa, ct).ConfigureAwait(false);
        return [.. v4.Cast<IPAddress>(), .. v6.Cast<IPAddress>()];
    }

    async Task<List<object>> QueryAsync(string name, DnsRecordType type, CancellationToken ct)
    {
        var buffer = new byte[4096];
        for (int attempt = 1; ; attempt++)
        {
            ushort id = (ushort)Random.Shared.Next(0, 65536);
            var query = DnsMessageCodec.WriteQuery(id, name, type);
            using var socket = new Socket(Server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            try
            {
                await socket.ConnectAsync(Server, timeout.Token).ConfigureAwait(false);
                await socket.SendAsync(query, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                while (true)
                {
                    int n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    // A stray datagram with another id (a late answer to an earlier attempt) is skipped.
                    if (n >= 2 && (buffer[0] << 8 | buffer[1]) != id) continue;
                    return DnsMessageCodec.ReadAnswers(buffer.AsSpan(0, n), id, type);
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                if (attempt >= Attempts) throw new DnsException(DnsErrorKind.Timeout, $"no answer from {Server} for {name} {type} after {Attempts} attempts");
            }
            catch (SocketException e)
            {
                // ICMP port unreachable shows up as ConnectionRefused on the next receive.
                if (attempt >= Attempts) throw new DnsException(DnsErrorKind.Network, $"DNS server {Server}: {e.SocketErrorCode}");
            }
        }
    }
}
