using BitMiracle.LibTiff.Classic;
using Gateway.Fax.Pages;

namespace Gateway.Fax.Documents;

/// <summary>
/// Stores a rasterized <see cref="FaxDocument"/> as a multi-page bi-level TIFF (CCITT T.6 / Group 4,
/// MINISWHITE, resolution in pixels per inch): compact, and readable by every fax and imaging tool
/// (tiffinfo, tiffcp, viewers), so what the service will send can be inspected.
/// </summary>
public static class FaxTiff
{
    /// <summary>Writes the document.</summary>
    public static void Write(FaxDocument document, Stream output)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var buffer = new MemoryStream();
        using (Tiff tiff = Tiff.ClientOpen("document.tif", "w", buffer, LibTiffStreams.LeaveOpen()) ?? throw new IOException("LibTiff could not open a TIFF for writing"))
        {
            short pageNumber = 0;
            foreach (FaxPage page in document.Pages)
            {
                tiff.SetField(TiffTag.SUBFILETYPE, FileType.PAGE);
                tiff.SetField(TiffTag.IMAGEWIDTH, page.Width);
                tiff.SetField(TiffTag.IMAGELENGTH, page.Height);
                tiff.SetField(TiffTag.BITSPERSAMPLE, 1);
                tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
                tiff.SetField(TiffTag.COMPRESSION, Compression.CCITTFAX4);
                tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISWHITE); // 1 = black, as FaxPage
                tiff.SetField(TiffTag.FILLORDER, FillOrder.MSB2LSB);
                tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
                tiff.SetField(TiffTag.ROWSPERSTRIP, page.Height);
                tiff.SetField(TiffTag.XRESOLUTION, page.Resolution.HorizontalDpi());
                tiff.SetField(TiffTag.YRESOLUTION, page.Resolution.VerticalDpi());
                tiff.SetField(TiffTag.RESOLUTIONUNIT, ResUnit.INCH);
                tiff.SetField(TiffTag.PAGENUMBER, pageNumber, (short)document.Pages.Count);
                tiff.SetField(TiffTag.SOFTWARE, "Gateway");
                byte[] row = new byte[page.Stride];
                for (int y = 0; y < page.Height; y++)
                {
                    page.GetRow(y).CopyTo(row);
                    tiff.WriteScanline(row, y);
                }

                tiff.WriteDirectory();
                pageNumber++;
            }
        }

        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    /// <summary>Reads a document this class wrote (or any bi-level fax TIFF at a fax resolution).</summary>
    public static FaxDocument Read(Stream input, string fileName = "document.tif")
    {
        using var copy = new MemoryStream();
        input.CopyTo(copy);
        copy.Position = 0;
        using Tiff tiff = Tiff.ClientOpen(fileName, "r", copy, LibTiffStreams.LeaveOpen()) ?? throw new DocumentException(fileName, "not a TIFF file");
        var pages = new List<FaxPage>();
        do
        {
            int width = tiff.GetField(TiffTag.IMAGEWIDTH)[0].ToInt();
            int height = tiff.GetField(TiffTag.IMAGELENGTH)[0].ToInt();
            if (tiff.GetField(TiffTag.BITSPERSAMPLE)?[0].ToInt() is not (null or 1))
            {
                throw new DocumentException(fileName, "not a bi-level page (rasterize it first)");
            }

            bool minIsWhite = (Photometric)(tiff.GetField(TiffTag.PHOTOMETRIC)?[0].ToInt() ?? 0) == Photometric.MINISWHITE;
            double dpiY = tiff.GetField(TiffTag.YRESOLUTION)?[0].ToDouble() ?? 196;
            int stride = FaxPage.StrideFor(width);
            byte[] bits = new byte[stride * height];
            byte[] row = new byte[tiff.ScanlineSize()];
            for (int y = 0; y < height; y++)
            {
                if (!tiff.ReadScanline(row, y))
                {
                    throw new DocumentException(fileName, $"page {pages.Count + 1}, row {y}: corrupt image data");
                }

                for (int i = 0; i < stride; i++)
                {
                    bits[(y * stride) + i] = minIsWhite ? row[i] : (byte)~row[i];
                }

                if ((width & 7) != 0)
                {
                    bits[(y * stride) + stride - 1] &= (byte)(0xFF << (8 - (width & 7))); // padding pels stay white
                }
            }

            pages.Add(new FaxPage(width, height, ResolutionFor(dpiY), bits));
        }
        while (tiff.ReadDirectory());

        return new FaxDocument(pages);
    }

    private static FaxResolution ResolutionFor(double dpiY) => dpiY switch
    {
        < 140 => FaxResolution.Standard,
        < 250 => FaxResolution.Fine,
        < 340 => FaxResolution.R300,
        _ => FaxResolution.Superfine,
    };
}
