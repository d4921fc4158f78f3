using Gateway.Fax.Modems;
using Gateway.Testing.SpanDsp;
using Xunit;

namespace Gateway.Fax.Tests.Modems;

/// <summary>Our transmitters' samples fed to libspandsp's own receivers: every data bit must come out.</summary>
public class SpanDspReceiverInteropTests
{
    public static TheoryData<string, int> Rates => new()
    {
        { "V27ter", 2400 }, { "V27ter", 4800 },
        { "V29", 7200 }, { "V29", 9600 },
        { "V17", 7200 }, { "V17", 9600 }, { "V17", 12000 }, { "V17", 14400 },
    };

    internal static QamModulator Create(string modem, int rate, IModemBitSource source, bool shortTraining = false, bool tep = false) => modem switch
    {
        "V27ter" => new V27terModulator(rate, source, tep),
        "V29" => new V29Modulator(rate, source, tep),
        _ => new V17Modulator(rate, source, shortTraining, tep),
    };

    private static SpanDspModemKind Kind(string modem) => modem switch
    {
        "V27ter" => SpanDspModemKind.V27ter,
        "V29" => SpanDspModemKind.V29,
        _ => SpanDspModemKind.V17,
    };

    [Theory]
    [MemberData(nameof(Rates))]
    public void Spandsp_receiver_trains_and_recovers_every_data_bit(string modem, int rate)
    {
        var data = TestBits.Random(rate * 2, seed: rate + modem.Length);
        var samples = TestBits.Render(Create(modem, rate, new TestBits(data)));
        using var rx = new SpanDspModemReceiver(Kind(modem), rate);
        for (var i = 0; i < samples.Length; i += 160)
            rx.Receive(samples.AsSpan(i, Math.Min(160, samples.Length - i)));
        rx.Receive(new short[800]);

        Assert.True(rx.Trained, $"spandsp did not train: statuses {string.Join(",", rx.Statuses)}");
        var start = TestBits.IndexOf(rx.Bits, data, 64);
        Assert.True(start >= 0, "the data never appeared in spandsp's output");
        Assert.True(rx.Bits.Count - start >= data.Length, $"only {rx.Bits.Count - start} of {data.Length} bits arrived");
        var errors = 0;
        for (var i = 0; i < data.Length; i++)
            errors += rx.Bits[start + i] != data[i] ? 1 : 0;
        Assert.Equal(0, errors);
    }

    [Theory]
    [InlineData(7200)]
    [InlineData(14400)]
    public void Spandsp_v17_receiver_accepts_short_training_after_long(int rate)
    {
        using var rx = new SpanDspModemReceiver(SpanDspModemKind.V17, rate);
        foreach (var shortTraining in new[] { false, true })
        {
            var data = TestBits.Random(rate, seed: shortTraining ? 2 : 1);
            var samples = TestBits.Render(new V17Modulator(rate, new TestBits(data), shortTraining));
            if (shortTraining)
                rx.RestartV17(rate, shortTraining: true);
            var before = rx.Bits.Count;
            for (var i = 0; i < samples.Length; i += 160)
                rx.Receive(samples.AsSpan(i, Math.Min(160, samples.Length - i)));
            rx.Receive(new short[1600]);
            var got = rx.Bits.Skip(before).ToList();
            var start = TestBits.IndexOf(got, data, 64);
            Assert.True(start >= 0, $"short={shortTraining}: data not found");
            Assert.Equal(data, got.Skip(start).Take(data.Length).ToArray());
        }
    }
}
