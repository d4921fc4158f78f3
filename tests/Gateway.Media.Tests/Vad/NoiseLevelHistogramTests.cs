using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

public sealed class NoiseLevelHistogramTests
{
    [Fact]
    public void Percentile_reads_the_level_below_which_that_share_of_frames_lie()
    {
        var h = new NoiseLevelHistogram(100);
        for (var i = 0; i < 100; i++)
        {
            h.Add(40 + (i * 0.1), include: true); // 40.0 … 49.9 dB, uniformly
        }

        Assert.Equal(49.0, h.Percentile(0.9), 0.51);
        Assert.Equal(45.0, h.Percentile(0.5), 0.51);
        Assert.Equal(100, h.Included);
    }

    [Fact]
    public void Frames_marked_not_background_stay_out_and_old_frames_slide_out()
    {
        var h = new NoiseLevelHistogram(10);
        for (var i = 0; i < 10; i++)
        {
            h.Add(30, include: true);
        }

        h.Add(80, include: false);
        Assert.Equal(9, h.Included);
        Assert.Equal(30.25, h.Percentile(0.99), 0.01);
        for (var i = 0; i < 10; i++)
        {
            h.Add(50, include: true);
        }

        Assert.Equal(10, h.Included);
        Assert.Equal(50.25, h.Percentile(0.1), 0.01);
        h.Reset();
        Assert.True(double.IsNaN(h.Percentile(0.5)));
    }
}
