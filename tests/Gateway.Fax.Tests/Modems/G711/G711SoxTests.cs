using System.Diagnostics;
using Gateway.Fax.Modems.G711;
using Xunit;

namespace Gateway.Fax.Tests.Modems.G711;

/// <summary>Our G.711 tables against sox's codec over every 16-bit sample and every code.</summary>
public class G711SoxTests
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
        // G.711 codes 13-bit (A-law) or 14-bit (µ-law) samples; we drop the extra low bits like the G.191
        // reference, sox rounds them, so the two agree exactly on the codec's own grid.
        var grid = law == "a-law" ? 8 : 4;
        var expected = Sox(AllSamples(), "-e signed -b 16", $"-e {law} -b 8");
        for (var i = 0; i < 65536; i += grid)
        {
            var s = (short)(i - 32768);
            var ours = law == "a-law" ? ALaw.Encode(s) : MuLaw.Encode(s);
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
            var ours = law == "a-law" ? ALaw.Decode((byte)c) : MuLaw.Decode((byte)c);
            Assert.True(want == ours, $"{law} code {c:X2}: sox {want}, ours {ours}");
        }
    }
}
