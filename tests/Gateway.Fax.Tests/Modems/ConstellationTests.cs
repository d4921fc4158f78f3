using Gateway.Fax.Modems;
using Xunit;

namespace Gateway.Fax.Tests.Modems;

public class ConstellationTests
{
    [Theory]
    [InlineData(7200, 16)]
    [InlineData(9600, 32)]
    [InlineData(12000, 64)]
    [InlineData(14400, 128)]
    public void V17_constellation_has_distinct_points_and_rotates_by_90_degrees_onto_itself(int rate, int count)
    {
        var p = V17Modulator.PointsFor(rate);
        Assert.Equal(2 * count, p.Length);
        var index = new Dictionary<(int, int), int>();
        for (var i = 0; i < count; i++)
            index.Add((p[2 * i], p[2 * i + 1]), i);
        for (var i = 0; i < count; i++)
        {
            // V.17 §2.2: a 90° rotation steps the differentially encoded Y1 Y2 by one and flips the trellis bit Y0,
            // leaving the uncoded bits alone, which is what makes the code transparent to 90° phase ambiguity.
            var rotated = index[(-p[2 * i + 1], p[2 * i])];
            var y12 = (((i >> 1) & 3) + 3) & 3;
            Assert.Equal((i & ~7) | (y12 << 1) | ((i & 1) ^ 1), rotated);
        }
    }

    [Fact]
    public void V17_training_points_are_a_b_c_d_of_table_4()
    {
        var t = V17Constellations.TrainingPoints;
        Assert.Equal(new sbyte[] { -6, -2, 2, -6, 6, 2, -2, 6 }, t.ToArray());
    }

    [Fact]
    public void V29_points_lie_on_the_rings_of_figure_1()
    {
        // V.29 Figure 1: relative amplitudes 3 and 5 at 0/90/180/270°, √2 and 3√2 at the odd multiples of 45°.
        var expected = new[] { 3.0, Math.Sqrt(2), 3, Math.Sqrt(2), 3, Math.Sqrt(2), 3, Math.Sqrt(2) };
        for (var phase = 0; phase < 8; phase++)
        {
            var (re, im) = V29Modulator.Point(false, phase);
            Assert.Equal(expected[phase], Math.Sqrt(re * re + im * im), 6);
            Assert.Equal(phase * 45.0, (Math.Atan2(im, re) * 180 / Math.PI + 360) % 360, 6);
            var (hr, hi) = V29Modulator.Point(true, phase);
            Assert.Equal(phase % 2 == 0 ? 5 : 3 * Math.Sqrt(2), Math.Sqrt(hr * hr + hi * hi), 6);
        }
    }
}
