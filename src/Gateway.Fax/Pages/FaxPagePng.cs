using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Gateway.Fax.Pages;

/// <summary>
/// Writes a <see cref="FaxPage"/> as a 1-bit greyscale PNG (ISO/IEC 15948 / PNG spec §11) so people can look
/// at received pages with any viewer. Fax pels are not square (204 × 98 dpi at standard resolution): the
/// physical size goes into pHYs, and <paramref name="squarePixels"/> repeats rows so viewers that ignore pHYs
/// still show the page in proportion.
/// </summary>
public static class FaxPagePng
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Writes the page to <paramref name="output"/>.</summary>
    public static void Write(FaxPage page, Stream output, bool squarePixels = true)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(output);
        int repeat = squarePixels ? Math.Max(1, (int)Math.Round(page.Resolution.HorizontalDpi() / page.Resolution.VerticalDpi())) : 1;
        int height = page.Height * repeat;

        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, page.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 1; // bit depth
        header[9] = 0; // greyscale
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering (we use filter type 0 on every row)
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR", header);

        Span<byte> physical = stackalloc byte[9];
        BinaryPrimitives.WriteInt32BigEndian(physical, (int)Math.Round(page.Resolution.HorizontalDpi() / 0.0254));
        BinaryPrimitives.WriteInt32BigEndian(physical[4..], (int)Math.Round(page.Resolution.VerticalDpi() * repeat / 0.0254));
        physical[8] = 1; // unit: metre
        WriteChunk(output, "pHYs", physical);

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            byte[] row = new byte[1 + page.Stride];
            for (int y = 0; y < page.Height; y++)
            {
                ReadOnlySpan<byte> pels = page.GetRow(y);
                for (int i = 0; i < pels.Length; i++)
                {
                    row[1 + i] = (byte)~pels[i]; // PNG greyscale: 0 is black; ours: 1 is black
                }

                for (int r = 0; r < repeat; r++)
                {
                    z.Write(row);
                }
            }
        }

        WriteChunk(output, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(output, "IEND", []);
    }

    /// <summary>Writes the page to a file.</summary>
    public static void Write(FaxPage page, string path, bool squarePixels = true)
    {
        using FileStream file = File.Create(path);
        Write(page, file, squarePixels);
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        output.Write(typeBytes);
        output.Write(data);
        uint crc = Update(Update(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu; // PNG §5.5: CRC over type and data
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        // CRC-32 of ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320 (PNG Annex D).
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
