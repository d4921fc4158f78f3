using System.Buffers.Binary;

namespace Gateway.Fax.Documents;

/// <summary>
/// Turning images upright and landscape pages onto portrait paper: the EXIF orientation a camera writes
/// into a JPEG (Exif 2.3 §4.6.4 A, tag 0x0112, values 1–8) or a PNG (eXIf chunk), and a quarter turn counter-clockwise for
/// landscape images, the same direction Ghostscript turns a landscape PDF page with <c>-dPDFFitPage</c>
/// (the top edge lands on the left side), so every source comes out alike.
/// </summary>
internal static class ImageOrientation
{
    /// <summary>No transformation (EXIF orientation 1).</summary>
    public const int Upright = 1;

    /// <summary>EXIF orientation 8: stored rotated; a quarter turn counter-clockwise shows it upright.</summary>
    public const int TurnCounterClockwise = 8;

    /// <summary>
    /// The orientation of a JPEG from its APP1 "Exif" segment (IFD0, tag 0x0112), or 1 when it has none or
    /// the segment is damaged (a bad EXIF block never makes a photo unreadable).
    /// </summary>
    public static int ReadExif(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return Upright;
        }

        int p = 2;
        while (p + 4 <= jpeg.Length && jpeg[p] == 0xFF)
        {
            byte marker = jpeg[p + 1];
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01)
            {
                p += 2; // stand-alone markers (ITU-T T.81 §B.1.1.3)
                continue;
            }

            if (marker == 0xDA || marker == 0xD9)
            {
                break; // start of scan or end of image: no more metadata segments
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(p + 2)..]);
            if (length < 2 || p + 2 + length > jpeg.Length)
            {
                break;
            }

            ReadOnlySpan<byte> segment = jpeg.Slice(p + 4, length - 2);
            if (marker == 0xE1 && segment.Length > 6 && segment[..6].SequenceEqual("Exif\0\0"u8))
            {
                return OrientationFromTiff(segment[6..]);
            }

            p += 2 + length;
        }

        return Upright;
    }

    /// <summary>
    /// The orientation of a PNG from its eXIf chunk (PNG Third Edition §11.3.6: the Exif TIFF structure itself, no
    /// "Exif" header), or 1 when it has none, or the chunk is damaged or fails its CRC (an ancillary chunk, so the
    /// picture is read as stored).
    /// </summary>
    public static int ReadPngExif(ReadOnlySpan<byte> png)
    {
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (png.Length < 8 || !png[..8].SequenceEqual(signature))
        {
            return Upright;
        }

        // PNG §5.3: length, type, data, CRC over type and data.
        int p = 8;
        while (p + 12 <= png.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png[p..]);
            if (length > (uint)(png.Length - p - 12))
            {
                break;
            }

            ReadOnlySpan<byte> type = png.Slice(p + 4, 4);
            if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            if (type.SequenceEqual("eXIf"u8))
            {
                ReadOnlySpan<byte> typeAndData = png.Slice(p + 4, 4 + (int)length);
                return PngCrc(typeAndData) == BinaryPrimitives.ReadUInt32BigEndian(png[(p + 8 + (int)length)..])
                    ? OrientationFromTiff(typeAndData[4..])
                    : Upright;
            }

            p += 12 + (int)length;
        }

        return Upright;
    }

    /// <summary>PNG Annex D: CRC-32 (ISO 3309, reflected polynomial 0xEDB88320), bit by bit: one small chunk per file.</summary>
    private static uint PngCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>Exif's TIFF structure (TIFF 6.0 §2): byte order, 42, IFD0 offset; the SHORT value of tag 0x0112.</summary>
    private static int OrientationFromTiff(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return Upright;
        }

        bool little = tiff[0] == (byte)'I' && tiff[1] == (byte)'I';
        if (!little && !(tiff[0] == (byte)'M' && tiff[1] == (byte)'M'))
        {
            return Upright;
        }

        if (U16(tiff, 2, little) != 42)
        {
            return Upright;
        }

        uint ifd = U32(tiff, 4, little);
        if (ifd > (uint)tiff.Length - 2)
        {
            return Upright;
        }

        int count = U16(tiff, (int)ifd, little);
        for (int i = 0; i < count; i++)
        {
            int entry = (int)ifd + 2 + (12 * i);
            if (entry + 12 > tiff.Length)
            {
                break;
            }

            // Tag 0x0112, type SHORT (3), one value, held in the first two bytes of the value field.
            if (U16(tiff, entry, little) == 0x0112 && U16(tiff, entry + 2, little) == 3 && U32(tiff, entry + 4, little) == 1)
            {
                int value = U16(tiff, entry + 8, little);
                return value is >= 1 and <= 8 ? value : Upright;
            }
        }

        return Upright;
    }

    private static ushort U16(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt16BigEndian(b[at..]);

    private static uint U32(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt32BigEndian(b[at..]);

    /// <summary>
    /// The image as it should be seen for EXIF <paramref name="orientation"/> (2 mirror, 3 half turn, 4 flip,
    /// 5 transpose, 6 quarter turn clockwise, 7 transverse, 8 quarter turn counter-clockwise). Quarter turns
    /// swap the resolutions with the axes.
    /// </summary>
    public static GreyImage Apply(GreyImage image, int orientation)
    {
        if (orientation is < 2 or > 8)
        {
            return image;
        }

        int w = image.Width, h = image.Height;
        bool swap = orientation >= 5;
        int dw = swap ? h : w, dh = swap ? w : h;
        byte[] src = image.Pixels, dst = new byte[src.Length];
        for (int y = 0; y < dh; y++)
        {
            for (int x = 0; x < dw; x++)
            {
                // The source pixel shown at (x, y) of the upright image.
                (int sx, int sy) = orientation switch
                {
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (y, h - 1 - x),
                    7 => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x),
                };
                dst[(y * dw) + x] = src[(sy * w) + sx];
            }
        }

        return swap ? new GreyImage(dw, dh, image.DpiY, image.DpiX, dst) : new GreyImage(dw, dh, image.DpiX, image.DpiY, dst);
    }

    /// <summary>True when the image is wider than tall in physical size.</summary>
    public static bool IsLandscape(GreyImage image) => image.Width / image.DpiX > image.Height / image.DpiY;
}
