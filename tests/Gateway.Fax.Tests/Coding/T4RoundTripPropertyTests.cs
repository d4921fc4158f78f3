using Gateway.Fax.Coding;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;
using Gateway.Fax.Tests.Interop;
using Gateway.Testing.SpanDsp;
using Xunit;

namespace Gateway.Fax.Tests.Coding;

/// <summary>
/// Encode → decode is the identity on random pages of every width T.4 allows (1728 to 4864 pels: runs past
/// 2560 need the extended make-up codes of T.4 Table 3a / T.6), with any K and fill; and libspandsp decodes
/// our coding of the wide pages to the same pixels.
/// </summary>
public sealed class T4RoundTripPropertyTests : IDisposable
{
    private static readonly T30Compression[] Compressions = [T30Compression.MH, T30Compression.MR, T30Compression.MMR];
    private static readonly int[] Widths = [1728, 2048, 2432, 3456, 4864, 1, 7, 8, 9, 215];
    private readonly string _dir = Directory.CreateTempSubdirectory("t4-prop").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Encode_then_decode_gives_the_same_page()
    {
        var random = new Random(2024);
        for (int i = 0; i < 600; i++)
        {
            FaxPage page = RandomPage(random, Widths[i % Widths.Length], random.Next(1, 24));
            T30Compression compression = Compressions[random.Next(3)];
            int k = random.Next(1, 9);
            int minBits = random.Next(4) switch { 0 => 0, 1 => 96, 2 => 144, _ => 2000 };

            byte[] coded = T4Encoder.Encode(page, compression, k, minBits);
            T4DecodeResult result = T4Decoder.Decode(coded, compression, page.Width, page.Resolution);

            string what = $"case {i}: {page.Width}×{page.Height} {compression} K={k} fill={minBits}";
            Assert.True(result.FirstError is null, $"{what}: {result.FirstError}");
            Assert.True(result.EndSeen, what);
            Assert.True(page.CountDifferingRows(result.Page) == 0, what);
            if (compression != T30Compression.MMR && minBits > 0)
            {
                Assert.True(coded.Length * 8L >= (long)page.Height * minBits, what);
            }
        }
    }

    [Theory]
    [InlineData(2048, T30Compression.MH)]
    [InlineData(2432, T30Compression.MR)]
    [InlineData(3456, T30Compression.MMR)]
    [InlineData(4864, T30Compression.MH)]
    [InlineData(4864, T30Compression.MR)]
    [InlineData(4864, T30Compression.MMR)]
    public void Spandsp_decodes_random_wide_pages_to_the_same_pixels(int width, T30Compression compression)
    {
        var random = new Random(width + (int)compression);
        FaxPage page = RandomPage(random, width, 64);
        byte[] coded = T4Encoder.Encode(page, compression, 4);
        string rx = Path.Combine(_dir, $"{width}-{compression}.tif");

        SpanDspT4Oracle.Decode(coded, compression switch
        {
            T30Compression.MH => SpanDspT4Oracle.T4_1D,
            T30Compression.MR => SpanDspT4Oracle.T4_2D,
            _ => SpanDspT4Oracle.T6,
        }, width, fine: true, rx);

        var (rxWidth, rxHeight, rows) = TiffPixels.Read(rx);
        Assert.Equal((width, page.Height), (rxWidth, rxHeight));
        for (int y = 0; y < page.Height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                Assert.True(page.IsBlack(x, y) == (rows[y][x] != 0), $"pel ({x}, {y})");
            }
        }
    }

    /// <summary>Rows of several kinds: noise, long runs (past 2560), all one colour, and small shifts of the row above (vertical modes).</summary>
    internal static FaxPage RandomPage(Random random, int width, int height)
    {
        int stride = FaxPage.StrideFor(width);
        byte[] bits = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            Span<byte> row = bits.AsSpan(y * stride, stride);
            switch (random.Next(5))
            {
                case 0:
                    double density = random.NextDouble();
                    for (int x = 0; x < width; x++)
                    {
                        Set(row, x, random.NextDouble() < density);
                    }

                    break;
                case 1:
                    bool black = random.Next(2) == 0;
                    for (int x = 0; x < width;)
                    {
                        int run = random.Next(3) == 0 ? random.Next(1, 5000) : random.Next(1, 70);
                        for (int end = Math.Min(width, x + run); x < end; x++)
                        {
                            Set(row, x, black);
                        }

                        black = !black;
                    }

                    break;
                case 2:
                    bool all = random.Next(2) == 0;
                    for (int x = 0; x < width; x++)
                    {
                        Set(row, x, all);
                    }

                    break;
                default:
                    if (y == 0)
                    {
                        goto case 0;
                    }

                    int shift = random.Next(-4, 5);
                    ReadOnlySpan<byte> above = bits.AsSpan((y - 1) * stride, stride);
                    for (int x = 0; x < width; x++)
                    {
                        int from = Math.Clamp(x - shift, 0, width - 1);
                        Set(row, x, (above[from >> 3] & (0x80 >> (from & 7))) != 0);
                    }

                    break;
            }
        }

        return new FaxPage(width, height, FaxResolution.Fine, bits);
    }

    private static void Set(Span<byte> row, int x, bool black)
    {
        if (black)
        {
            row[x >> 3] |= (byte)(0x80 >> (x & 7));
        }
    }
}
