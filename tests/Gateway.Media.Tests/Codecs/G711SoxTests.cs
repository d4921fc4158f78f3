using System.Diagnostics;
using Gateway.Media.Codecs;
using Xunit;

namespace Gateway.Media.Tests.Codecs;

/// <summary><see cref="G711"/> against sox's codec (the Sun g711.c lineage) over the codec grid and every code.</summary>
public sealed class G711SoxTests
{
    private static byte[] Sox(byte[] input, string inArgs, string outArgs)
    {
        var dir = Directory.CreateTempSubdirectory("g711");
        try
        {
            var src = Path.Combine(dir.FullName, "in.raw");
            var dst = Path.Combine(dir.FullName, "out.raw");
            File.WriteAllBytes(src, input);
            var psi = new ProcessStartInfo("sox", $"-D -t raw {inArgs} -r 8000 -c 1 {src} -t raw {outArgs} {dst}") { RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
            return File.ReadAllBytes(dst);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static byte[] AllSamples()
    {
        var b = new byte[65536 * 2];
        for (var i = 0; i < 65536; i++)
            BitConverter.TryWriteBytes(b.AsSpan(2 * i), (short)(i - 32768));
        return b;
    }

    [Theory]
    [InlineData("a-law")]
    [InlineData("u-law")]
    public void Encoder_matches_sox_for_every_sample_on_the_codec_grid(string law)
    {
        // G.711 codes 13-bit (A-law) or 14-bit (µ-law) samples; sox rounds a 16-bit sample to that grid, we drop the
        // low bits like spandsp, so the two agree on the codec's own grid (every sample elsewhere: G711ReferenceTests).
        var grid = law == "a-law" ? 8 : 4;
        var g711Law = law == "a-law" ? G711Law.ALaw : G711Law.MuLaw;
        var expected = Sox(AllSamples(), "-e signed -b 16", $"-e {law} -b 8");
        for (var i = 0; i < 65536; i += grid)
        {
            var s = (short)(i - 32768);
            var ours = G711.Encode(s, g711Law);
            Assert.True(expected[i] == ours, $"{law} sample {s}: sox {expected[i]:X2}, ours {ours:X2}");
        }
    }

    [Theory]
    [InlineData("a-law")]
    [InlineData("u-law")]
    public void Decoder_matches_sox_for_every_code(string law)
    {
        var codes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var expected = Sox(codes, $"-e {law} -b 8", "-e signed -b 16");
        for (var c = 0; c < 256; c++)
        {
            var want = BitConverter.ToInt16(expected, 2 * c);
            var ours = G711.Decode((byte)c, law == "a-law" ? G711Law.ALaw : G711Law.MuLaw);
            Assert.True(want == ours, $"{law} code {c:X2}: sox {want}, ours {ours}");
        }
    }
}
