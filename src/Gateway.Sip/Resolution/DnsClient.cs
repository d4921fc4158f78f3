using System.Net;
using System.Net.Sockets;

namespace Gateway.Sip.Resolution;

/// <summary>
/// A small stub resolver over UDP (RFC 1035 §4.2.1) asking one recursive server, for the SRV and NAPTR
/// records System.Net.Dns cannot look up. Each query uses a fresh socket and a random id; it is repeated
/// <see cref="Attempts"/> times, each waiting <see cref="Timeout"/>. Answers are kept for their TTL (at most
/// <see cref="MaxCacheTtl"/>), negative ones for the SOA's negative TTL (RFC 2308 §5), so a campaign's calls
/// through one trunk do not each repeat the NAPTR/SRV/A lookups (RFC 3263 §4: the client caches per the DNS
/// TTLs); callers asking the same question while it is on the wire share its answer.
/// </summary>
public sealed class DnsClient(IPEndPoint server)
{
    /// <summary>Names a trunk configuration can lead to are few; past this the expired entries are dropped, then all.</summary>
    const int MaxCacheEntries = 1024;

    readonly Dictionary<(string Name, DnsRecordType Type), CacheEntry> _cache = [];

    public IPEndPoint Server { get; } = server;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    public int Attempts { get; init; } = 2;

    /// <summary>The longest an answer is kept whatever its TTL; zero turns the cache off.</summary>
    public TimeSpan MaxCacheTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Clock for cache expiry.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>SRV records of <paramref name="name"/> (e.g. <c>_sip._udp.example.com</c>) in the order received.</summary>
    public async Task<IReadOnlyList<SrvRecord>> QuerySrvAsync(string name, CancellationToken ct = default) =>
        [.. (await CachedAsync(name, DnsRecordType.Srv, ct).ConfigureAwait(false)).Cast<SrvRecord>()];

    /// <summary>NAPTR records of <paramref name="name"/> (RFC 3403) in the order received; empty when there are none.</summary>
    public async Task<IReadOnlyList<NaptrRecord>> QueryNaptrAsync(string name, CancellationToken ct = default) =>
        [.. (await CachedAsync(name, DnsRecordType.Naptr, ct).ConfigureAwait(false)).Cast<NaptrRecord>()];

    /// <summary>A then AAAA addresses of <paramref name="name"/>; empty when the name does not exist.</summary>
    public async Task<IReadOnlyList<IPAddress>> QueryAddressesAsync(string name, CancellationToken ct = default)
    {
        var v4 = await CachedAsync(name, DnsRecordType.A, ct).ConfigureAwait(false);
        var v6 = await CachedAsync(name, DnsRecordType.Aaaa, ct).ConfigureAwait(false);
        return [.. v4.Cast<IPAddress>(), .. v6.Cast<IPAddress>()];
    }

    /// <summary>Lookups that went to the server (cache misses, each of up to <see cref="Attempts"/> datagrams), for tests and diagnostics.</summary>
    public int Lookups => Volatile.Read(ref _lookups);

    int _lookups;

    async Task<List<object>> CachedAsync(string name, DnsRecordType type, CancellationToken ct)
    {
        var key = (name.TrimEnd('.').ToLowerInvariant(), type);
        Task<DnsAnswer> fetch;
        lock (_cache)
        {
            if (_cache.TryGetValue(key, out var entry) && (!entry.Answer.IsCompleted || Time.GetUtcNow() < entry.Expires))
            {
                fetch = entry.Answer;
            }
            else
            {
                // The lookup belongs to every caller that joins it: one caller giving up does not cancel it for the
                // others (it ends by itself after Attempts × Timeout).
                fetch = FetchAsync(name, type);
                if (_cache.Count >= MaxCacheEntries) Trim();
                _cache[key] = new CacheEntry(fetch, DateTimeOffset.MaxValue);
                _ = fetch.ContinueWith(t => Settle(key, t), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        return (await fetch.WaitAsync(ct).ConfigureAwait(false)).Records;
    }

    /// <summary>Keeps a finished answer for its TTL; failures and uncacheable answers leave the cache at once.</summary>
    void Settle((string, DnsRecordType) key, Task<DnsAnswer> fetch)
    {
        lock (_cache)
        {
            _ = fetch.Exception; // observed here: every caller may have stopped waiting
            if (!_cache.TryGetValue(key, out var entry) || entry.Answer != fetch) return;
            var ttl = fetch.IsCompletedSuccessfully && fetch.Result.TimeToLive is { } t ? (t < MaxCacheTtl ? t : MaxCacheTtl) : TimeSpan.Zero;
            if (ttl <= TimeSpan.Zero) _cache.Remove(key);
            else _cache[key] = entry with { Expires = Time.GetUtcNow() + ttl };
        }
    }

    void Trim()
    {
        var now = Time.GetUtcNow();
        foreach (var (k, e) in _cache.ToList())
            if (e.Answer.IsCompleted && e.Expires <= now) _cache.Remove(k);
        if (_cache.Count >= MaxCacheEntries) _cache.Clear();
    }

    readonly record struct CacheEntry(Task<DnsAnswer> Answer, DateTimeOffset Expires);

    async Task<DnsAnswer> FetchAsync(string name, DnsRecordType type)
    {
        await Task.Yield(); // the socket work runs outside the cache lock
        Interlocked.Increment(ref _lookups);
        var buffer = new byte[4096];
        for (int attempt = 1; ; attempt++)
        {
            ushort id = (ushort)Random.Shared.Next(0, 65536);
            var query = DnsMessageCodec.WriteQuery(id, name, type);
            using var socket = new Socket(Server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await socket.ConnectAsync(Server, timeout.Token).ConfigureAwait(false);
                await socket.SendAsync(query, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                while (true)
                {
                    int n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    // A stray datagram with another id (a late answer to an earlier attempt) is skipped.
                    if (n >= 2 && (buffer[0] << 8 | buffer[1]) != id) continue;
                    return DnsMessageCodec.Read(buffer.AsSpan(0, n), id, type);
                }
            }
            catch (OperationCanceledException)
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
