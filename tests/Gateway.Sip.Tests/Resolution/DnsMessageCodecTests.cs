using Gateway.Sip.Resolution;

namespace Gateway.Sip.Tests.Resolution;

public sealed class DnsMessageCodecTests
{
    /// <summary>A response to <c>WriteQuery(7, "_sip._udp.x.test", Srv)</c> with one SRV answer whose owner is a pointer to the question.</summary>
    static byte[] SrvResponse(byte rcode = 0)
    {
        var q = DnsMessageCodec.WriteQuery(7, "_sip._udp.x.test", DnsRecordType.Srv);
        q[2] = 0x81; q[3] = (byte)(0x80 | rcode); // QR, RD, RA, RCODE
        q[7] = 1; // ANCOUNT
        byte[] answer = [0xC0, 12, 0, 33, 0, 1, 0, 0, 0, 60, 0, 17, 0, 10, 0, 5, 0x13, 0xC4, 3, (byte)'s', (byte)'i', (byte)'p', 1, (byte)'x', 4, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 0];
        answer[11] = (byte)(answer.Length - 12);
        return [.. q, .. answer];
    }

    /// <summary>A response to a NAPTR query for x.test with one record: order 10, preference 20, "S", "SIP+D2T", no regexp, _sip._tcp.x.test.</summary>
    static byte[] NaptrResponse()
    {
        var q = DnsMessageCodec.WriteQuery(9, "x.test", DnsRecordType.Naptr);
        q[2] = 0x81; q[3] = 0x80;
        q[7] = 1;
        byte[] rdata = [0, 10, 0, 20, 1, (byte)'S', 7, .. "SIP+D2T"u8, 0, 4, .. "_sip"u8, 4, .. "_tcp"u8, 1, (byte)'x', 4, .. "test"u8, 0];
        byte[] header = [0xC0, 12, 0, 35, 0, 1, 0, 0, 0, 60, 0, (byte)rdata.Length];
        return [.. q, .. header, .. rdata];
    }

    [Fact]
    public void Naptr_answer_has_order_preference_flags_service_and_replacement()
    {
        var record = Assert.Single(DnsMessageCodec.ReadAnswers(NaptrResponse(), 9, DnsRecordType.Naptr));
        Assert.Equal(new NaptrRecord(10, 20, "S", "SIP+D2T", "", "_sip._tcp.x.test"), record);
    }

    [Fact]
    public void A_naptr_string_running_past_its_record_is_malformed()
    {
        var full = NaptrResponse();
        int services = full.Length - 33 + 6; // the services length octet ("SIP+D2T"): 33 bytes of record data, after order, preference and "S"
        Assert.Equal(7, full[services]);
        var bad = (byte[])full.Clone();
        bad[services] = 40; // runs past the record data into nothing
        Assert.Equal(DnsErrorKind.Malformed, Assert.Throws<DnsException>(() => DnsMessageCodec.ReadAnswers(bad, 9, DnsRecordType.Naptr)).Kind);
        for (int len = 0; len < full.Length; len++)
        {
            try { DnsMessageCodec.ReadAnswers(full.AsSpan(0, len), 9, DnsRecordType.Naptr); }
            catch (DnsException e) { Assert.Equal(DnsErrorKind.Malformed, e.Kind); }
        }
    }

    [Fact]
    public void Query_is_rfc1035_wire_format()
    {
        var q = DnsMessageCodec.WriteQuery(0x1234, "a.example", DnsRecordType.Aaaa);
        Assert.Equal<byte>([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, (byte)'a', 7, .. "example"u8, 0, 0, 28, 0, 1], q);
    }

    [Fact]
    public void Srv_answer_is_read_through_a_compression_pointer()
    {
        var records = DnsMessageCodec.ReadAnswers(SrvResponse(), 7, DnsRecordType.Srv);
        Assert.Equal(new SrvRecord(10, 5, 5060, "sip.x.test"), Assert.Single(records));
    }

    /// <summary>A no-data/NXDOMAIN response to the SRV query with an SOA in the authority section: TTL 300, MINIMUM 30.</summary>
    static byte[] NegativeWithSoa(byte rcode)
    {
        var q = DnsMessageCodec.WriteQuery(7, "_sip._udp.x.test", DnsRecordType.Srv);
        q[2] = 0x81; q[3] = (byte)(0x80 | rcode);
        q[9] = 1; // NSCOUNT
        byte[] soa = [0xC0, 12, 0, 6, 0, 1, 0, 0, 1, 44, 0, 22, 0, 0, 0, 0, 0, 1, 0, 0, 0, 60, 0, 0, 0, 60, 0, 0, 0, 60, 0, 0, 0, 30];
        return [.. q, .. soa];
    }

    [Fact]
    public void An_answer_is_kept_for_its_smallest_ttl_and_a_negative_one_for_the_soa_minimum()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), DnsMessageCodec.Read(SrvResponse(), 7, DnsRecordType.Srv).TimeToLive);
        var nodata = DnsMessageCodec.Read(NegativeWithSoa(0), 7, DnsRecordType.Srv);
        Assert.Equal((0, TimeSpan.FromSeconds(30)), (nodata.Records.Count, nodata.TimeToLive)); // RFC 2308 §5: min(SOA TTL 300, MINIMUM 30)
        Assert.Equal(TimeSpan.FromSeconds(30), DnsMessageCodec.Read(NegativeWithSoa(3), 7, DnsRecordType.Srv).TimeToLive);
        Assert.Null(DnsMessageCodec.Read(SrvResponse(rcode: 3), 7, DnsRecordType.Srv).TimeToLive); // no SOA: not cached
        var high = SrvResponse();
        high[HeaderOf(high) + 4] = 0x80; // TTL with the top bit set: zero (RFC 2181 §8)
        Assert.Equal(TimeSpan.Zero, DnsMessageCodec.Read(high, 7, DnsRecordType.Srv).TimeToLive);
        var cut = NegativeWithSoa(0);
        Assert.Equal(DnsErrorKind.Malformed, Assert.Throws<DnsException>(() => DnsMessageCodec.Read(cut.AsSpan(0, cut.Length - 4), 7, DnsRecordType.Srv)).Kind);
    }

    /// <summary>Offset of the answer's record header (after its 2-byte owner pointer) in <see cref="SrvResponse"/>.</summary>
    static int HeaderOf(byte[] response) => DnsMessageCodec.WriteQuery(7, "_sip._udp.x.test", DnsRecordType.Srv).Length + 2;

    [Fact]
    public void Nxdomain_is_an_empty_answer_and_servfail_a_server_error()
    {
        Assert.Empty(DnsMessageCodec.ReadAnswers(SrvResponse(rcode: 3), 7, DnsRecordType.Srv));
        var e = Assert.Throws<DnsException>(() => DnsMessageCodec.ReadAnswers(SrvResponse(rcode: 2), 7, DnsRecordType.Srv));
        Assert.Equal(DnsErrorKind.ServerError, e.Kind);
        Assert.Equal(2, e.ResponseCode);
    }

    [Fact]
    public void Every_truncation_and_a_pointer_loop_are_typed_errors()
    {
        var full = SrvResponse();
        for (int len = 0; len < full.Length; len++)
        {
            // Cutting the message anywhere inside the answer must never throw anything but DnsException.
            try { DnsMessageCodec.ReadAnswers(full.AsSpan(0, len), 7, DnsRecordType.Srv); }
            catch (DnsException e) { Assert.Equal(DnsErrorKind.Malformed, e.Kind); }
        }
        var loop = (byte[])full.Clone();
        int owner = DnsMessageCodec.WriteQuery(7, "_sip._udp.x.test", DnsRecordType.Srv).Length;
        loop[owner] = 0xC0; loop[owner + 1] = (byte)owner; // the answer's owner name points at itself
        Assert.Equal(DnsErrorKind.Malformed, Assert.Throws<DnsException>(() => DnsMessageCodec.ReadAnswers(loop, 7, DnsRecordType.Srv)).Kind);
        Assert.Equal(DnsErrorKind.Malformed, Assert.Throws<DnsException>(() => DnsMessageCodec.ReadAnswers(full, 8, DnsRecordType.Srv)).Kind);
    }
}
