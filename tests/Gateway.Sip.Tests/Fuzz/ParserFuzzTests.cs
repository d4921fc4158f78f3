using System.Text;
using Gateway.Sip.Headers;
using Gateway.Sip.Parsing;
using Gateway.Sip.Sdp;
using Gateway.Sip.Tests.Parsing;

namespace Gateway.Sip.Tests.Fuzz;

/// <summary>
/// Bounded mutation fuzzing of the SIP and SDP parsers (fixed seeds, so failures reproduce): every
/// input must end in a message or a typed error, never an exception or a hang.
/// </summary>
public class ParserFuzzTests(ITestOutputHelper output)
{
    const int Iterations = 30_000;

    static readonly string[] SipSeeds =
    [
        Rfc4475Fixtures.Wsinv, Rfc4475Fixtures.Esc01, Rfc4475Fixtures.Semiuri, Rfc4475Fixtures.Unreason,
        Rfc4475Fixtures.Ipv6, Rfc4475Fixtures.Quotbal, Rfc4475Fixtures.Mcl01, Rfc4475Fixtures.Baddn,
    ];

    static readonly string[] SdpSeeds =
    [
        "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=image 5004 udptl t38\r\na=T38FaxVersion:0\r\na=T38MaxBitRate:14400\r\na=T38FaxFillBitRemoval\r\na=T38FaxRateManagement:transferredTCF\r\na=T38FaxUdpEC:t38UDPRedundancy\r\n",
        "v=0\r\no=- 4711 1 IN IP4 192.0.2.10\r\ns=call\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 40000 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendonly\r\n",
    ];

    static byte[] Mutate(byte[] seed, Random rng)
    {
        var b = new List<byte>(seed);
        int n = rng.Next(1, 6);
        for (int k = 0; k < n && b.Count > 0; k++)
        {
            int i = rng.Next(b.Count);
            switch (rng.Next(7))
            {
                case 0: b[i] = (byte)rng.Next(256); break;
                case 1: b.RemoveAt(i); break;
                case 2: { var specials = "\r\n :;,<>\"@[]=/\\%0"u8; b.Insert(i, specials[rng.Next(specials.Length)]); break; }
                case 3: b.RemoveRange(i, b.Count - i); break;
                case 4: { int len = Math.Min(rng.Next(1, 80), b.Count - i); b.InsertRange(rng.Next(b.Count), b.GetRange(i, len)); break; }
                case 5: b[i] ^= (byte)(1 << rng.Next(8)); break;
                default: b.InsertRange(i, Encoding.ASCII.GetBytes(rng.Next().ToString(System.Globalization.CultureInfo.InvariantCulture))); break;
            }
        }
        return [.. b];
    }

    [Fact]
    public void Sip_parser_returns_a_message_or_a_typed_error_for_mutated_input()
    {
        var rng = new Random(20261128);
        int parsed = 0, rejected = 0;
        for (int it = 0; it < Iterations; it++)
        {
            var input = Mutate(Encoding.UTF8.GetBytes(SipSeeds[it % SipSeeds.Length]), rng);
            if (SipParser.TryParse(input, out var m, out var err, datagram: it % 2 == 0))
            {
                Assert.Null(err);
                var verr = SipMessageValidator.Validate(m!);
                // Typed accessors must not throw on anything the parser let through.
                _ = m!.From; _ = m.To; _ = m.CSeq; _ = m.TopVia; _ = m.CallId; _ = m.GetHeaderValues("Via");
                var bytes = m.ToBytes();
                Assert.True(SipParser.TryParse(bytes, out _, out var again), $"re-serialized message no longer parses: {again}");
                if (verr is null) parsed++; else rejected++;
            }
            else
            {
                Assert.NotNull(err);
                Assert.True(err!.LineNumber >= 1 || err.Kind == SipParseErrorKind.Empty);
                rejected++;
            }
        }
        output.WriteLine($"SIP fuzz: {Iterations} executions, {parsed} valid, {rejected} rejected with typed errors");
        Assert.Equal(Iterations, parsed + rejected);
    }

    [Fact]
    public void Sdp_parser_and_t38_reader_survive_mutated_input()
    {
        var rng = new Random(4566);
        int parsed = 0, rejected = 0;
        for (int it = 0; it < Iterations; it++)
        {
            var input = Mutate(Encoding.UTF8.GetBytes(SdpSeeds[it % SdpSeeds.Length]), rng);
            if (SdpParser.TryParse(input, out var s, out var err))
            {
                foreach (var m in s!.Media) { _ = T38Parameters.FromMedia(m); _ = m.Direction; _ = m.Ptime; _ = m.RtpMap("0"); }
                var text = SdpWriter.Write(s);
                Assert.True(SdpParser.TryParse(text, out _, out var again), $"written SDP no longer parses: {again}");
                parsed++;
            }
            else { Assert.NotNull(err); rejected++; }
        }
        output.WriteLine($"SDP fuzz: {Iterations} executions, {parsed} parsed, {rejected} rejected with typed errors");
    }

    [Fact]
    public void Header_value_parsers_never_throw_on_mutated_values()
    {
        var rng = new Random(3261);
        string[] seeds = ["\"A \\\"B\\\"\" <sip:a@[2001:db8::1]:5060;lr;transport=tcp>;tag=x;q=0.5", "SIP / 2.0 / UDP host.example:5060 ; branch = z9hG4bK1;rport", "sip:user;p=1@host:99;x?h=v"];
        for (int it = 0; it < Iterations; it++)
        {
            var v = Encoding.Latin1.GetString(Mutate(Encoding.Latin1.GetBytes(seeds[it % seeds.Length]), rng));
            _ = NameAddress.TryParse(v, out _);
            _ = ViaHeader.TryParse(v, out _);
            _ = SipUri.TryParse(v, out _);
            _ = HeaderText.SplitList(v);
        }
        output.WriteLine($"Header fuzz: {Iterations} executions × 4 parsers");
    }
}
