using Gateway.Fax.T38;
using Xunit;

namespace Gateway.Fax.Tests.T38;

public class IfpCodecTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Indicators_encode_as_one_octet_value_shifted_left(int version)
    {
        Assert.Equal([0x00], IfpCodec.Encode(IfpPacket.ForIndicator(T38Indicator.NoSignal), version));
        Assert.Equal([0x06], IfpCodec.Encode(IfpPacket.ForIndicator(T38Indicator.V21Preamble), version));
        Assert.Equal([0x1E], IfpCodec.Encode(IfpPacket.ForIndicator(T38Indicator.V17_14400LongTraining), version));
    }

    [Fact]
    public void Extension_indicators_take_two_octets()
    {
        // ext bit, then a normally small number (0 + 6 bits): V.8 ANSam is extension value 0, V.33 14400 is 6.
        Assert.Equal([0x20, 0x00], IfpCodec.Encode(IfpPacket.ForIndicator(T38Indicator.V8Ansam), 2));
        Assert.Equal([0x21, 0x80], IfpCodec.Encode(IfpPacket.ForIndicator(T38Indicator.V33_14400Training), 2));
        Assert.True(IfpCodec.TryDecode([0x21, 0x80], 2, out var p, out _));
        Assert.Equal(T38Indicator.V33_14400Training, p.Indicator);
    }

    [Fact]
    public void Version_0_packs_field_types_in_four_bits_and_later_versions_in_five()
    {
        var packet = IfpPacket.ForData(T38DataType.V21,
            new IfpField(T38FieldType.HdlcData, new byte[] { 0xFF, 0xC8, 0x5F }),
            new IfpField(T38FieldType.HdlcFcsOkSigEnd));
        // v0: [1 1 0 0000 pad] count=2 [1 000 | pad] len-1=2, data, [0 100 pad]
        Assert.Equal([0xC0, 0x02, 0x80, 0x00, 0x02, 0xFF, 0xC8, 0x5F, 0x40], IfpCodec.Encode(packet, 0));
        // v2: field type has an extension bit: [1 0 000 pad] ... [0 0 100 pad]
        Assert.Equal([0xC0, 0x02, 0x80, 0x00, 0x02, 0xFF, 0xC8, 0x5F, 0x20], IfpCodec.Encode(packet, 2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Round_trips_every_root_value(int version)
    {
        foreach (var indicator in Enum.GetValues<T38Indicator>())
        {
            if (version == 0 && indicator > T38Indicator.V17_14400LongTraining)
                continue;
            Assert.True(IfpCodec.TryDecode(IfpCodec.Encode(IfpPacket.ForIndicator(indicator), version), version, out var p, out _));
            Assert.Equal(indicator, p.Indicator);
        }
        foreach (var type in Enum.GetValues<T38DataType>())
        {
            foreach (var field in Enum.GetValues<T38FieldType>())
            {
                if (version == 0 && (field > T38FieldType.T4NonEcmSigEnd || type > T38DataType.V17_14400))
                    continue;
                var data = new byte[(int)field * 37 + 1];
                Random.Shared.NextBytes(data);
                var packet = IfpPacket.ForData(type, new IfpField(field, data), new IfpField(T38FieldType.HdlcFcsOk), new IfpField(field, data.AsMemory(0, 1)));
                Assert.True(IfpCodec.TryDecode(IfpCodec.Encode(packet, version), version, out var back, out var error), error.ToString());
                Assert.Equal(type, back.DataType);
                Assert.Equal(3, back.Fields.Count);
                Assert.Equal(field, back.Fields[0].Type);
                Assert.Equal(data, back.Fields[0].Data.ToArray());
                Assert.Equal(T38FieldType.HdlcFcsOk, back.Fields[1].Type);
                Assert.True(back.Fields[1].Data.IsEmpty);
                Assert.Equal(data[..1], back.Fields[2].Data.ToArray());
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void A_packet_with_more_fields_than_the_view_remembers_enumerates_every_field_in_order(int version)
    {
        // Nine fields, data-less ones between data ones (bit-packed, so the later ones start mid-octet in v0).
        var fields = Enumerable.Range(0, 9).Select(i => i % 3 == 1
            ? new IfpField(T38FieldType.HdlcFcsOk)
            : new IfpField(T38FieldType.HdlcData, Enumerable.Range(0, i + 1).Select(b => (byte)(i * 16 + b)).ToArray())).ToArray();
        var bytes = IfpCodec.Encode(IfpPacket.ForData(T38DataType.V21, fields), version);

        Assert.True(IfpCodec.TryRead(bytes, version, out var view, out var error), error.ToString());
        Assert.Equal(9, view.FieldCount);
        var i = 0;
        foreach (var field in view)
        {
            Assert.Equal(fields[i].Type, field.Type);
            Assert.Equal(fields[i].Data.ToArray(), field.Data.ToArray());
            i++;
        }
        Assert.Equal(9, i);
        Assert.True(IfpCodec.TryDecode(bytes, version, out var packet, out _));
        Assert.Equal(fields.Select(f => f.Data.Length), packet.Fields.Select(f => f.Data.Length));
    }

    [Fact]
    public void Data_less_fields_pack_at_bit_level_as_per_requires()
    {
        // Two data-less fields in a row share one octet in v0 (4 bits each); spandsp's v0 decoder reads them the same way.
        var packet = IfpPacket.ForData(T38DataType.V21, new IfpField(T38FieldType.HdlcFcsOk), new IfpField(T38FieldType.HdlcSigEnd));
        var bytes = IfpCodec.Encode(packet, 0);
        Assert.Equal([0xC0, 0x02, 0x21], bytes);
        Assert.True(IfpCodec.TryDecode(bytes, 0, out var back, out _));
        Assert.Equal([T38FieldType.HdlcFcsOk, T38FieldType.HdlcSigEnd], back.Fields.Select(f => f.Type));
    }

    [Fact]
    public void Version_0_refuses_extension_field_types()
    {
        var packet = IfpPacket.ForData(T38DataType.V21, new IfpField(T38FieldType.CmMessage, new byte[] { 1 }));
        Assert.Throws<ArgumentException>(() => IfpCodec.Encode(packet, 0));
    }

    [Theory]
    [InlineData(new byte[] { }, IfpError.Truncated)]
    [InlineData(new byte[] { 0x80 }, IfpError.DataWithIndicator)]
    [InlineData(new byte[] { 0x5E }, IfpError.UnknownValue)]
    [InlineData(new byte[] { 0xC0 }, IfpError.Truncated)]
    [InlineData(new byte[] { 0xC0, 0x01, 0x80, 0x00, 0x05, 0x01 }, IfpError.Truncated)]
    [InlineData(new byte[] { 0xC0, 0xC1 }, IfpError.UnsupportedLength)]
    [InlineData(new byte[] { 0x3F, 0xC0 }, IfpError.UnknownValue)]
    public void Bad_packets_give_typed_errors(byte[] octets, IfpError expected)
    {
        Assert.False(IfpCodec.TryDecode(octets, 2, out _, out var error));
        Assert.Equal(expected, error);
    }
}
