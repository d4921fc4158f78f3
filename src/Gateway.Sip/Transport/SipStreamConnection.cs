using System.Net;
using System.Threading.Channels;
using Gateway.Sip.Message;
using Gateway.Sip.Parsing;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Transport;

/// <summary>
/// One TCP or TLS connection: a writer loop draining a queue (so <see cref="ISipSender.Send"/> never
/// blocks) and a reader loop that frames messages by Content-Length (RFC 3261 §18.3). Any framing or
/// parse error closes the connection, because the byte stream can no longer be split reliably.
/// </summary>
internal sealed class SipStreamConnection : IDisposable
{
    /// <summary>Largest message we buffer before giving up on a peer (a header block never ends).</summary>
    internal const int MaxMessageSize = 65536;

    readonly StreamSipTransport _owner;
    readonly Channel<(byte[] Bytes, SipMessage? Message, SipEndPoint Destination)> _queue =
        Channel.CreateUnbounded<(byte[], SipMessage?, SipEndPoint)>(new UnboundedChannelOptions { SingleReader = false });
    readonly CancellationTokenSource _stop = new();
    readonly Func<CancellationToken, Task<Stream>> _open;
    int _closed;
    long _lastActivity = Environment.TickCount64;
    volatile bool _delivered;

    internal SipStreamConnection(StreamSipTransport owner, IPEndPoint remote, Func<CancellationToken, Task<Stream>> open, bool inbound = false)
    {
        _owner = owner;
        Remote = remote;
        _open = open;
        Inbound = inbound;
        OpenedAt = _lastActivity;
    }

    public IPEndPoint Remote { get; }

    /// <summary>True when the far end opened it (accepted by our listener).</summary>
    public bool Inbound { get; }

    /// <summary><see cref="Environment.TickCount64"/> when it was created.</summary>
    public long OpenedAt { get; }

    /// <summary><see cref="Environment.TickCount64"/> of the last byte read or written.</summary>
    public long LastActivity => Interlocked.Read(ref _lastActivity);

    /// <summary>True once a whole valid SIP message (or a keepalive ping) has come in on it.</summary>
    public bool HasDelivered => _delivered;

    void Touch() => Interlocked.Exchange(ref _lastActivity, Environment.TickCount64);

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public void Start() => _ = Task.Run(RunAsync);

    public bool Enqueue(byte[] bytes, SipMessage? message, SipEndPoint destination) => !IsClosed && _queue.Writer.TryWrite((bytes, message, destination));

    async Task RunAsync()
    {
        try { await RunCoreAsync().ConfigureAwait(false); }
        finally { Dispose(); }
    }

    /// <summary>Called once the loops have ended and the connection is closed.</summary>
    public void Dispose() => _stop.Dispose();

    async Task RunCoreAsync()
    {
        Stream stream;
        try { stream = await _open(_stop.Token).ConfigureAwait(false); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _owner.Log.LogInformation("{Kind} connection to {Remote} failed: {Error}", _owner.Kind, Remote, e.Message);
            Close(e);
            return;
        }
        try
        {
            var writer = WriteLoopAsync(stream);
            await ReadLoopAsync(stream).ConfigureAwait(false);
            Close(null);
            await writer.ConfigureAwait(false);
        }
        finally { await stream.DisposeAsync().ConfigureAwait(false); }
    }

    async Task WriteLoopAsync(Stream stream)
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                try { await stream.WriteAsync(item.Bytes, _stop.Token).ConfigureAwait(false); Touch(); }
                catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
                {
                    if (item.Message is not null) _owner.ReportFailure(item.Message, item.Destination, e);
                    Close(e);
                    return;
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    async Task ReadLoopAsync(Stream stream)
    {
        var buffer = new byte[8192];
        int filled = 0;
        while (!_stop.IsCancellationRequested)
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length >= MaxMessageSize) { _owner.Log.LogInformation("{Remote}: message larger than {Max} bytes; closing", Remote, MaxMessageSize); return; }
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxMessageSize));
            }
            int n;
            try { n = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException) { return; }
            if (n == 0) return; // orderly close by the peer
            Touch();
            filled += n;
            int consumed = 0;
            while (true)
            {
                var pending = buffer.AsSpan(consumed, filled - consumed);
                int crlf = 0;
                while (crlf < pending.Length && pending[crlf] is (byte)'\r' or (byte)'\n') crlf++;
                if (crlf == pending.Length)
                {
                    // RFC 5626 §4.4.1: a double-CRLF ping is answered with a single CRLF pong.
                    if (crlf >= 4) { _queue.Writer.TryWrite(("\r\n"u8.ToArray(), null, default)); consumed = filled; _delivered = true; }
                    break;
                }
                int len = SipParser.FrameLength(pending[crlf..]);
                if (len < 0)
                {
                    // §18.3: on a stream, Content-Length is mandatory; without it the framing is lost.
                    _owner.Log.LogInformation("{Remote}: message without a valid Content-Length; closing", Remote);
                    return;
                }
                if (len == 0) break;
                var frame = pending.Slice(crlf, len).ToArray();
                consumed += crlf + len;
                if (!_owner.Deliver(frame, Remote)) return;
                _delivered = true;
            }
            if (consumed > 0)
            {
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
    }

    /// <summary>Closes the connection; queued messages are reported as failed so their transactions fail over.</summary>
    public void Close(Exception? error)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _queue.Writer.TryComplete();
        _owner.Remove(this);
        var reason = error ?? new IOException($"connection to {Remote} closed");
        while (_queue.Reader.TryRead(out var item))
            if (item.Message is not null) _owner.ReportFailure(item.Message, item.Destination, reason);
        _stop.Cancel();
    }
}
