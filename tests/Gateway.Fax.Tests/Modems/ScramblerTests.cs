using Gateway.Fax.Modems.Dsp;
using Xunit;

namespace Gateway.Fax.Tests.Modems;

public class ScramblerTests
{
    [Fact]
    public void V17_v29_scrambler_follows_1_plus_x18_plus_x23()
    {
        var s = new Scrambler1823(0x2ECDD5);
        var history = new List<int>();
        for (var i = 0; i < 23; i++)
            history.Add((0x2ECDD5 >> (22 - i)) & 1);
        var rng = new Random(3);
        for (var n = 0; n < 2000; n++)
        {
            var d = rng.Next(2);
            var o = s.Scramble(d);
            // history[k] = line bit k+1 intervals ago; x^-18 and x^-23.
            var expected = d ^ history[^18] ^ history[^23];
            Assert.Equal(expected, o);
            history.Add(o);
        }
    }

    [Fact]
    public void V17_v29_scrambler_generates_a_maximal_length_sequence()
    {
        // 1 + x^18 + x^23 is primitive: zeros in, the register cycles through all 2^23 − 1 non-zero states.
        var s = new Scrambler1823(1);
        var period = 0;
        do
        {
            s.Scramble(0);
            period++;
        }
        while ((s.Register & 0x7FFFFF) != 1 && period <= (1 << 23));
        Assert.Equal((1 << 23) - 1, period);
    }

    [Fact]
    public void Descrambler_recovers_data_from_any_starting_state_after_23_bits()
    {
        var tx = new Scrambler1823(0x2ECDD5);
        var rx = new Scrambler1823(0x123456);
        var rng = new Random(9);
        for (var n = 0; n < 5000; n++)
        {
            var d = rng.Next(2);
            var r = rx.Descramble(tx.Scramble(d));
            if (n >= 23)
                Assert.Equal(d, r);
        }
    }

    [Fact]
    public void V27ter_scrambler_follows_1_plus_x6_plus_x7_except_for_guard_inversions()
    {
        var s = new V27terScrambler(0x3C);
        var line = new List<int>();
        for (var i = 0; i < 12; i++)
            line.Add((0x3C >> (11 - i)) & 1);
        var rng = new Random(4);
        var lastInversion = -1;
        var inversions = 0;
        for (var n = 0; n < 4000; n++)
        {
            var d = rng.Next(2);
            var o = s.Scramble(d);
            var plain = d ^ line[^6] ^ line[^7];
            if (o != plain)
            {
                // §2.6 guard: an inversion needs a count of 33 bits first, so two are at least 34 bits apart.
                Assert.True(n - lastInversion >= 34, $"inversion at bit {n}, previous at {lastInversion}");
                lastInversion = n;
                inversions++;
            }
            line.Add(o);
        }
        Assert.InRange(inversions, 1, 4000 / 34);
    }

    [Fact]
    public void V27ter_guard_breaks_up_repetitive_line_patterns()
    {
        // Constant input that would lock 1 + x^-6 + x^-7 into all zeros: the guard must keep inverting bits.
        var s = new V27terScrambler(0);
        var ones = 0;
        for (var n = 0; n < 1000; n++)
            ones += s.Scramble(0);
        Assert.True(ones > 0);
    }

    [Fact]
    public void V27ter_descrambler_recovers_data_including_guard_inversions()
    {
        var tx = new V27terScrambler(0x3C);
        var rx = new V27terScrambler(0x55);
        for (var n = 0; n < 3000; n++)
        {
            var d = n < 1500 ? 1 : (n / 7) & 1;
            var r = rx.Descramble(tx.Scramble(d));
            if (n >= 40)
                Assert.Equal(d, r);
        }
    }

    [Fact]
    public void V29_training_generator_1_plus_x6_plus_x7_has_period_127()
    {
        var reg = 0x2A;
        var seen = new HashSet<int>();
        for (var n = 0; n < 127; n++)
        {
            Assert.True(seen.Add(reg));
            var bit = reg & 1;
            reg >>= 1;
            reg |= ((bit ^ reg) & 1) << 6;
        }
        Assert.Equal(0x2A, reg);
    }
}
