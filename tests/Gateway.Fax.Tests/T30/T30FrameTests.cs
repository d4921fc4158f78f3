using Xunit;
using Gateway.Fax.T30;
using Gateway.Fax.T30.Frames;

namespace Gateway.Fax.Tests.T30;

public class T30FrameTests
{
    [Fact]
    public void Dis_encodes_the_bits_of_table_2()
    {
        var dis = new DisFrame
        {
            Modems = ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17,
            Fine = true,
            TwoDimensional = true,
            Ecm = true,
            T6 = true,
            MaxWidth = RecordingWidth.A4,
            MaxLength = RecordingLength.Unlimited,
            MinScanLineTime = MinScanLineTime.Ms0,
        };
        var bytes = dis.ToFrame().ToArray();
        // FF 13 80 | octet 1 (bits 1-8) 00 | octet 2 bits 10,11,12,14,15,16 = 0xEE | octet 3 bits 20,21,22,23 + extend 24 = 0xF8
        // | octet 4 bit 27 (0x04) + bit 31 (0x40), no extend bit: nothing later is set, so the FIF ends here.
        Assert.Equal(new byte[] { 0xFF, 0x13, 0x80, 0x00, 0xEE, 0xF8, 0x44 }, bytes);
        Assert.True(DisFrame.TryDecode(new T30Frame(bytes[2], bytes.AsSpan(3)), out var back, out _));
        Assert.Equal(dis, back);
    }

    [Fact]
    public void Dis_round_trips_every_supported_field()
    {
        var dis = new DisFrame
        {
            IsDtc = true,
            T38 = true,
            V8 = true,
            Prefers64OctetFrames = true,
            ReadyToTransmit = true,
            ReadyToReceive = false,
            Modems = ModemSupport.V27ter | ModemSupport.V29,
            Fine = false,
            TwoDimensional = false,
            MaxWidth = RecordingWidth.A3,
            MaxLength = RecordingLength.B4,
            MinScanLineTime = MinScanLineTime.Ms40HalfAtFine,
            Uncompressed = true,
            Ecm = true,
            T6 = true,
            FieldNotValid = true,
            Superfine = true,
            R300 = true,
            R16 = true,
            InchPreferred = true,
            MetricPreferred = true,
            MinScanHalvesAtSuperfine = true,
            SelectivePolling = true,
            Subaddressing = true,
            Password = true,
        };
        var frame = dis.ToFrame();
        Assert.Equal(T30Fcf.Dtc, frame.Fcf);
        Assert.True(DisFrame.TryDecode(frame, out var back, out _));
        Assert.Equal(dis, back);
    }

    [Theory]
    [InlineData(FaxModem.V17_14400, 0x20)]
    [InlineData(FaxModem.V17_12000, 0x28)]
    [InlineData(FaxModem.V17_9600, 0x24)]
    [InlineData(FaxModem.V29_9600, 0x04)]
    [InlineData(FaxModem.V17_7200, 0x2C)]
    [InlineData(FaxModem.V29_7200, 0x0C)]
    [InlineData(FaxModem.V27ter4800, 0x08)]
    [InlineData(FaxModem.V27ter2400, 0x00)]
    public void Dcs_modem_codes_match_spandsp_fallback_table(FaxModem modem, int octet2RateBits)
    {
        var dcs = new DcsFrame { Modem = modem, ReceiveFaxDocument = false };
        var fif = dcs.ToFrame().Information.Span;
        Assert.Equal(octet2RateBits, fif[1] & 0x3C);
        Assert.True(DcsFrame.TryDecode(dcs.ToFrame(), out var back, out _));
        Assert.Equal(modem, back.Modem);
    }

    [Fact]
    public void Dcs_round_trips_with_the_x_bit_and_64_octet_frames()
    {
        var dcs = new DcsFrame
        {
            Modem = FaxModem.V29_7200,
            Fine = true,
            TwoDimensional = true,
            Width = RecordingWidth.B4,
            Length = RecordingLength.Unlimited,
            MinScanLineTime = MinScanLineTime.Ms10,
            Ecm = true,
            Ecm64OctetFrames = true,
            Superfine = false,
            Inch = true,
            SubaddressTransmission = true,
            SenderIdTransmission = true,
        };
        var frame = dcs.ToFrame(xBit: true);
        Assert.Equal(0x83, frame.Fcf);
        Assert.True(T30Bits(frame, 28));
        Assert.True(DcsFrame.TryDecode(frame, out var back, out _));
        Assert.Equal(dcs, back);
        Assert.Equal(64, back.EcmFrameSize);
    }

    private static bool T30Bits(T30Frame f, int bit) => (f.Information.Span[(bit - 1) / 8] & (1 << ((bit - 1) % 8))) != 0;

    [Fact]
    public void Ident_is_sent_reversed_and_space_padded()
    {
        var frame = new IdentFrame(T30Fcf.Tsi, "+49 30 1234").ToFrame();
        Assert.Equal("4321 03 94+         "u8.ToArray(), frame.Information.ToArray());
        Assert.True(IdentFrame.TryDecode(frame, out var back, out _));
        Assert.Equal("+49 30 1234", back.Text);
    }

    [Fact]
    public void Ecm_frames_round_trip()
    {
        var pps = new PpsFrame(PostPageCommand.Eop, 3, 1, 256);
        var ppsFrame = pps.ToFrame(xBit: true);
        Assert.Equal(new byte[] { 0xFF, 0x13, 0xBF, 0x2F, 3, 1, 255 }, ppsFrame.ToArray());
        Assert.True(PpsFrame.TryDecode(ppsFrame, out var ppsBack, out _));
        Assert.Equal(pps, ppsBack);

        var ppr = new PprFrame([0, 9, 255]);
        var pprFrame = ppr.ToFrame(xBit: false);
        Assert.Equal(35, pprFrame.ToArray().Length);
        Assert.True(PprFrame.TryDecode(pprFrame, out var pprBack, out _));
        Assert.Equal([0, 9, 255], pprBack.Requested);

        var fcd = new FcdFrame(7, new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 0xFF, 0x03, 0x06, 7, 1, 2, 3 }, fcd.ToFrame().ToArray());
        Assert.True(FcdFrame.TryDecode(fcd.ToFrame(), out var fcdBack, out _));
        Assert.Equal(7, fcdBack.FrameNumber);

        Assert.True(CtcFrame.TryDecode(new CtcFrame(FaxModem.V29_9600).ToFrame(true), out var ctc, out _));
        Assert.Equal(FaxModem.V29_9600, ctc.Modem);
        Assert.True(EorFrame.TryDecode(new EorFrame(PostPageCommand.Mps).ToFrame(true), out var eor, out _));
        Assert.Equal(PostPageCommand.Mps, eor.Command);
    }

    [Theory]
    [InlineData(0, 256)]
    [InlineData(255, 64)]
    [InlineData(17, 5)]
    public void Fcd_encode_gives_the_octets_of_the_frame(int number, int length)
    {
        var data = new byte[length];
        new Random(number).NextBytes(data);
        var octets = FcdFrame.Encode(number, data);
        Assert.Equal(new FcdFrame(number, data).ToFrame().ToArray(), octets);
        Assert.True(T30Frame.TryParse(octets, out var frame, out _));
        Assert.True(FcdFrame.TryDecode(frame, out var fcd, out _));
        Assert.Equal(number, fcd.FrameNumber);
        Assert.Equal(data, fcd.Data.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0x13 }, T30FrameError.TooShort)]
    [InlineData(new byte[] { 0xFE, 0x13, 0x80 }, T30FrameError.BadAddress)]
    [InlineData(new byte[] { 0xFF, 0x12, 0x80 }, T30FrameError.BadControl)]
    public void Rejects_malformed_frames_with_a_typed_error(byte[] octets, T30FrameError expected)
    {
        Assert.False(T30Frame.TryParse(octets, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Bad_ecm_frames_give_typed_errors()
    {
        Assert.False(PprFrame.TryDecode(new T30Frame(T30Fcf.Ppr, new byte[5]), out _, out var e1));
        Assert.Equal(T30FrameError.BadInformationLength, e1);
        Assert.False(FcdFrame.TryDecode(new T30Frame(T30Fcf.Fcd, new byte[] { 1 }), out _, out var e2));
        Assert.Equal(T30FrameError.BadInformationLength, e2);
        Assert.False(PpsFrame.TryDecode(new T30Frame(T30Fcf.Pps, new byte[] { 0x55, 0, 0, 0 }), out _, out var e3));
        Assert.Equal(T30FrameError.BadInformationLength, e3);
        Assert.False(DcsFrame.TryDecode(new T30Frame(T30Fcf.Dcs, new byte[] { 0, 0x30, 0 }), out _, out var e4));
        Assert.Equal(T30FrameError.BadInformationLength, e4);
    }

    [Fact]
    public void Nsf_reports_country_and_provider()
    {
        var nsf = NsfFrame.Decode(new T30Frame(T30Fcf.Nsf, new byte[] { 0xAD, 0x00, 0x36, 0x01, 0x02 }));
        Assert.Equal("AD:0036", nsf.Vendor);
        Assert.Null(NsfFrame.Decode(new T30Frame(T30Fcf.Nsf, new byte[] { 0xAD })).Vendor);
    }
}
