using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Tests.Security;

/// <summary>
/// A SIP trunk on 127.0.0.1 UDP that speaks real SIP bytes: an INVITE without credentials gets 407 with an MD5
/// digest challenge (RFC 3261 §22.3), the INVITE that answers it gets 486 Busy Here. Every datagram received is
/// kept, so a test can check what crossed the wire.
/// </summary>
internal sealed partial class DigestChallengingTrunk : IAsyncDisposable
{
    public const string Realm = "trunk.test";
    public const string Nonce = "5f1d2e3c4b5a69788796a5b4c3d2e1f0";

    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public DigestChallengingTrunk() => _loop = Task.Run(RunAsync);

    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    /// <summary>Every datagram received, as text.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>The Proxy-Authorization headers of the answered INVITEs.</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>The digest response a client holding <paramref name="user"/>/<paramref name="password"/> sends (RFC 2617 §3.2.2.1, no qop).</summary>
    public static string ExpectedResponse(string user, string password, string uri)
    {
        var ha1 = Md5($"{user}:{Realm}:{password}");
        var ha2 = Md5($"INVITE:{uri}");
        return Md5($"{ha1}:{Nonce}:{ha2}");
    }

    /// <summary>A parameter of a digest header (<c>uri</c>, <c>response</c>, <c>username</c>).</summary>
    public static string Param(string header, string name) =>
        Regex.Match(header, name + """=("?)([^",]*)\1""", RegexOptions.IgnoreCase).Groups[2].Value;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var r = await _socket.ReceiveAsync(_stop.Token);
            var text = Encoding.UTF8.GetString(r.Buffer);
            Received.Enqueue(text);
            var method = text[..Math.Max(0, text.IndexOf(' ', StringComparison.Ordinal))];
            string? answer = method switch
            {
                "INVITE" when Header(text, "Proxy-Authorization") is { } auth => Answered(auth, text),
                "INVITE" => Reply(text, "407 Proxy Authentication Required", $"Proxy-Authenticate: Digest realm=\"{Realm}\", nonce=\"{Nonce}\", algorithm=MD5\r\n"),
                "ACK" => null,
                "" => null,
                _ => Reply(text, "200 OK", ""),
            };
            if (answer is not null)
            {
                await _socket.SendAsync(Encoding.UTF8.GetBytes(answer), r.RemoteEndPoint, _stop.Token);
            }
        }
    }

    private string Answered(string auth, string request)
    {
        Authorizations.Enqueue(auth);
        return Reply(request, "486 Busy Here", "");
    }

    // RFC 3261 §8.2.6.2: Via, From, Call-ID and CSeq copied, a To tag added.
    private static string Reply(string request, string status, string extra)
    {
        var sb = new StringBuilder($"SIP/2.0 {status}\r\n");
        foreach (var line in request.Split("\r\n"))
        {
            if (line.StartsWith("Via:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("v:", StringComparison.Ordinal)
                || line.StartsWith("From:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("f:", StringComparison.Ordinal)
                || line.StartsWith("Call-ID:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("i:", StringComparison.Ordinal)
                || line.StartsWith("CSeq:", StringComparison.OrdinalIgnoreCase))
            {
                sb.Append(line).Append("\r\n");
            }
            else if (line.StartsWith("To:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("t:", StringComparison.Ordinal))
            {
                sb.Append(line).Append(line.Contains(";tag=", StringComparison.Ordinal) ? "" : ";tag=trunk1").Append("\r\n");
            }
        }

        return sb.Append(extra).Append("Content-Length: 0\r\n\r\n").ToString();
    }

    private static string? Header(string message, string name)
    {
        foreach (var line in message.Split("\r\n"))
        {
            if (line.Length == 0)
            {
                break;
            }

            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }

        return null;
    }
}
