using Gateway.Fax.Modems;
using Xunit;

namespace Gateway.Fax.Tests.Modems;

/// <summary>
/// The hot paths allocate nothing per 160-sample block (the thread's allocation counter, fewest bytes of three measured
/// passes: a block that allocates does so in every pass, a one-off runtime object on a loaded host in one).
/// </summary>
public class AllocationTests
{
    private sealed class Ones : IModemBitSource
    {
        public int NextBit() => 1;
    }

    private sealed class NullSink : IModemBitSink
    {
        public void OnBit(int bit) { }
        public void OnCarrier(bool present) { }
    }

    [Theory]
    [InlineData("V27ter", 2400)]
    [InlineData("V27ter", 4800)]
    [InlineData("V29", 9600)]
    [InlineData("V17", 14400)]
    public void Image_modulators_allocate_nothing_per_block(string modem, int rate)
    {
        var m = SpanDspReceiverInteropTests.Create(modem, rate, new Ones());
        var block = new short[160];
        for (var i = 0; i < 100; i++)
            m.Modulate(block);
        var allocated = Allocations.Fewest(() =>
        {
            for (var i = 0; i < 2000; i++)
                m.Modulate(block);
        });
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void V21_modulator_and_demodulator_allocate_nothing_per_block()
    {
        var tx = new V21Modulator(new Ones());
        var rx = new V21Demodulator(new NullSink());
        var block = new short[160];
        for (var i = 0; i < 100; i++)
        {
            tx.Modulate(block);
            rx.Demodulate(block);
        }
        var allocated = Allocations.Fewest(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                tx.Modulate(block);
                rx.Demodulate(block);
            }
        });
        Assert.Equal(0, allocated);
    }
}
