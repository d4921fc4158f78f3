using System.Buffers.Binary;
using System.Net;
using Gateway.Calls.Capture;
using Xunit;

namespace Gateway.Calls.Tests.Capture;

public sealed class PcapWriterTests
{
    [Fact]
    public void Tcpdump_reads_each_record_with_the_addresses_ports_and_lengths_written()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pcap-{Guid.NewGuid():N}.pcap");
        try
        {
            var at = new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero).AddTicks(4560);
            using (var writer = new PcapWriter(File.Create(path)))
            {
                writer.WriteUdp(at, IPAddress.Parse("10.1.2.3"), 40000, IPAddress.Parse("192.0.2.7"), 5004, new byte[172]);
                writer.WriteUdp(at.AddMilliseconds(20), IPAddress.Parse("::ffff:192.0.2.7"), 5004, IPAddress.Parse("10.1.2.3"), 40000, new byte[12]);
                writer.WriteUdp(at, IPAddress.IPv6Loopback, 1, IPAddress.IPv6Loopback, 2, new byte[1]);
                Assert.Equal(2, writer.Written);
                Assert.Equal(1, writer.Skipped);
            }

            string[] lines = Tcpdump.Read(path);
            Assert.Equal(2, lines.Length);
            Assert.Contains("10.1.2.3.40000 > 192.0.2.7.5004: UDP, length 172", lines[0], StringComparison.Ordinal);
            Assert.Contains("192.0.2.7.5004 > 10.1.2.3.40000: UDP, length 12", lines[1], StringComparison.Ordinal);
            Assert.Single(Tcpdump.Read(path, "udp and dst port 5004"));

            // Record header: seconds and microseconds since the epoch, included = original = 20 + 8 + payload.
            byte[] file = File.ReadAllBytes(path);
            Assert.Equal(0xa1b2c3d4u, BinaryPrimitives.ReadUInt32LittleEndian(file));
            Assert.Equal(PcapWriter.LinkTypeRaw, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20)));
            Assert.Equal((uint)at.ToUnixTimeSeconds(), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(24)));
            Assert.Equal(456u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(28)));
            Assert.Equal(200u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(32)));
            Assert.Equal(200u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(36)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_ipv4_header_checksum_verifies_to_zero()
    {
        var stream = new MemoryStream();
        using var writer = new PcapWriter(stream);
        writer.WriteUdp(DateTimeOffset.UnixEpoch, IPAddress.Parse("127.0.0.1"), 5060, IPAddress.Parse("127.0.0.1"), 5080, new byte[33]);
        byte[] file = stream.ToArray();
        ReadOnlySpan<byte> ip = file.AsSpan(24 + 16, 20);
        uint sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(ip[i..]);
        }

        sum = (sum & 0xffff) + (sum >> 16);
        Assert.Equal(0xffffu, sum); // RFC 1071: the sum over a header with its checksum is all ones
        Assert.Equal(61, BinaryPrimitives.ReadUInt16BigEndian(ip[2..]));
    }
}
