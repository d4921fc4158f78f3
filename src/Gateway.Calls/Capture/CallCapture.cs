using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gateway.Media.Transport;
using NAudio.Wave;

namespace Gateway.Calls.Capture;

/// <summary>
/// One call's debugging capture: <c>NAME.pcap</c> with every SIP message, RTP and UDPTL datagram of the
/// call (<see cref="PcapWriter"/>), and <c>NAME.wav</c>, 8 kHz 16-bit stereo: left is what we heard (the
/// far end, after the jitter buffer), right is what we sent. Writers are called from the SIP thread,
/// the media threads and the call's task, so every write takes one lock; writes after <see cref="Finish"/>
/// are dropped (a media tick may still run while the call releases its streams). Capture costs media-thread
/// time and disk: it is meant for troubleshooting, not for every call of a loaded node.
/// </summary>
public sealed class CallCapture : IPacketTap, IDisposable
{
    private readonly Lock _gate = new();
    private readonly PcapWriter _pcap;
    private readonly WaveFileWriter _wav;
    private readonly uint _localIPv4;
    private readonly IPAddress _local;
    private readonly TimeProvider _time;
    private readonly byte[] _frame = new byte[2 * 2 * 160];
    private bool _finished;

    private CallCapture(string directory, string name, IPAddress local, TimeProvider time)
    {
        PcapPath = Path.Combine(directory, name + ".pcap");
        WavPath = Path.Combine(directory, name + ".wav");
        _time = time;
        _local = local;
        PcapWriter.TryIPv4(local, out _localIPv4);
        _pcap = new PcapWriter(new FileStream(PcapPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024));
        try
        {
            _wav = new WaveFileWriter(new FileStream(WavPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024), new WaveFormat(8000, 16, 2));
        }
        catch
        {
            _pcap.Dispose();
            throw;
        }
    }

    public string PcapPath { get; }

    public string WavPath { get; }

    /// <summary>Packets written to the pcap so far.</summary>
    public int Packets
    {
        get
        {
            lock (_gate)
            {
                return _pcap.Written;
            }
        }
    }

    /// <summary>
    /// Opens the files for a call to <paramref name="target"/>: the name is the UTC start time, the target's
    /// digits and a random suffix, so concurrent calls never collide. Throws <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> when the folder cannot be written.
    /// </summary>
    /// <param name="local">Our address, written for sockets bound to the unspecified address.</param>
    public static CallCapture Open(CallCaptureSettings settings, string target, IPAddress local, TimeProvider time)
    {
        System.IO.Directory.CreateDirectory(settings.Directory);
        string digits = new([.. target.Where(char.IsAsciiLetterOrDigit).Take(32)]);
        string name = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{(digits.Length > 0 ? digits : "call")}-{Random.Shared.Next(0x1000000):x6}");
        return new CallCapture(settings.Directory, name, local, time);
    }

    /// <summary>An RTP or UDPTL datagram (from the media thread).</summary>
    public void OnPacket(ReadOnlySpan<byte> datagram, SocketAddress source, SocketAddress destination)
    {
        if (!TryRead(source, out uint src, out ushort srcPort) || !TryRead(destination, out uint dst, out ushort dstPort))
        {
            return;
        }

        DateTimeOffset at = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_finished)
            {
                _pcap.WriteUdp(at, src == 0 ? _localIPv4 : src, srcPort, dst == 0 ? _localIPv4 : dst, dstPort, datagram);
            }
        }
    }

    /// <summary>A SIP message as it went over the wire (from the SIP transport).</summary>
    public void OnSip(ReadOnlySpan<byte> message, IPEndPoint source, IPEndPoint destination)
    {
        DateTimeOffset at = _time.GetUtcNow();
        IPAddress src = IsUnspecified(source.Address) ? _local : source.Address;
        IPAddress dst = IsUnspecified(destination.Address) ? _local : destination.Address;
        lock (_gate)
        {
            if (!_finished)
            {
                _pcap.WriteUdp(at, src, source.Port, dst, destination.Port, message);
            }
        }
    }

    /// <summary>One 20 ms frame each way (from the media thread).</summary>
    public void OnAudio(ReadOnlySpan<short> heard, ReadOnlySpan<short> played)
    {
        int samples = Math.Min(Math.Min(heard.Length, played.Length), _frame.Length / 4);
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            Span<byte> frame = _frame;
            for (int i = 0; i < samples; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(frame[(i * 4)..], heard[i]);
                BinaryPrimitives.WriteInt16LittleEndian(frame[((i * 4) + 2)..], played[i]);
            }

            _wav.Write(_frame, 0, samples * 4);
        }
    }

    /// <summary>Closes the files; deletes them when <paramref name="keep"/> is false. Returns the files kept.</summary>
    public IReadOnlyList<string> Finish(bool keep)
    {
        lock (_gate)
        {
            if (_finished)
            {
                return [];
            }

            _finished = true;
            _wav.Dispose(); // writes the RIFF and data chunk sizes
            _pcap.Dispose();
        }

        if (keep)
        {
            return [PcapPath, WavPath];
        }

        File.Delete(PcapPath);
        File.Delete(WavPath);
        return [];
    }

    /// <summary>Closes the files and keeps them (as <see cref="Finish"/> with true; a no-op after it).</summary>
    public void Dispose() => Finish(keep: true);

    private static bool IsUnspecified(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    /// <summary>Reads address and port from a native sockaddr without allocating (sockaddr_in / sockaddr_in6 layout).</summary>
    private static bool TryRead(SocketAddress address, out uint ip, out ushort port)
    {
        ReadOnlySpan<byte> b = address.Buffer.Span;
        ip = 0;
        port = 0;
        if (address.Family == AddressFamily.InterNetwork && address.Size >= 8)
        {
            port = BinaryPrimitives.ReadUInt16BigEndian(b[2..]);
            ip = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
            return true;
        }

        if (address.Family == AddressFamily.InterNetworkV6 && address.Size >= 24)
        {
            port = BinaryPrimitives.ReadUInt16BigEndian(b[2..]);
            ReadOnlySpan<byte> v6 = b.Slice(8, 16);
            if (v6[..10].IndexOfAnyExcept((byte)0) < 0 && v6[10] == 0xff && v6[11] == 0xff)
            {
                ip = BinaryPrimitives.ReadUInt32BigEndian(v6[12..]); // IPv4-mapped (RFC 4291 §2.5.5.2)
                return true;
            }

            if (v6.IndexOfAnyExcept((byte)0) < 0)
            {
                return true; // in6addr_any: our own socket, written with our IPv4 address
            }
        }

        return false;
    }
}
