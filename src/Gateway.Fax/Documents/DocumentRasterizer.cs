using BitMiracle.LibTiff.Classic;
using Gateway.Fax.Pages;
using StbImageSharp;

namespace Gateway.Fax.Documents;

/// <summary>
/// Documents to fax pages, once, at submission (ARCHITECTURE.md): PDF and PostScript through Ghostscript,
/// TIFF of any compression through LibTiff.NET, PNG and JPEG through StbImageSharp; grey and colour are
/// dithered (error diffusion), pages wider than the paper are scaled down, images are fitted to the page.
/// Every failure is a <see cref="DocumentException"/> naming the file and the cause.
/// </summary>
public static class DocumentRasterizer
{
    private const double PageWidthInches = 215 / 25.4;
    private const double PageHeightInches = 297 / 25.4;

    /// <summary>Rasterizes the files in order into one document.</summary>
    public static async Task<FaxDocument> RasterizeAsync(IEnumerable<(ReadOnlyMemory<byte> Content, string FileName)> files, DocumentOptions options, CancellationToken ct = default)
    {
        var pages = new List<FaxPage>();
        foreach ((ReadOnlyMemory<byte> content, string name) in files)
        {
            pages.AddRange((await RasterizeAsync(content, name, options, ct).ConfigureAwait(false)).Pages);
            if (pages.Count > options.MaxPages)
            {
                throw new DocumentException(name, $"the documents have more than {options.MaxPages} pages together");
            }
        }

        return new FaxDocument(pages);
    }

    /// <summary>Rasterizes one file.</summary>
    public static async Task<FaxDocument> RasterizeAsync(ReadOnlyMemory<byte> content, string fileName, DocumentOptions options, CancellationToken ct = default)
    {
        if (content.Length == 0)
        {
            throw new DocumentException(fileName, "the file is empty");
        }

        FaxResolution resolution = options.Resolution;
        int width = resolution.PelsPerLine(options.Width);
        int maxHeight = (int)(2 * PageHeightInches * resolution.VerticalDpi());
        DocumentFormat format = DocumentSniffer.Detect(content.Span[..Math.Min(8, content.Length)]);
        IReadOnlyList<GreyImage> images = format switch
        {
            DocumentFormat.Pdf or DocumentFormat.PostScript => await RenderWithGhostscriptAsync(content, fileName, resolution, options, ct).ConfigureAwait(false),
            DocumentFormat.Tiff => ReadTiff(content, fileName, options),
            DocumentFormat.Png or DocumentFormat.Jpeg => [ReadImage(content, fileName, format, options)],
            _ => throw new DocumentException(fileName, "not a PDF, PostScript, TIFF, PNG or JPEG file (recognised by content, not by name)"),
        };
        if (images.Count > options.MaxPages)
        {
            throw new DocumentException(fileName, $"{images.Count} pages, more than the limit of {options.MaxPages}");
        }

        var pages = new List<FaxPage>(images.Count);
        foreach (GreyImage source in images)
        {
            GreyImage image = source;
            // A TIFF page that is landscape and wider than the paper is shown larger turned onto it.
            if (options.TurnLandscape && format == DocumentFormat.Tiff && ImageOrientation.IsLandscape(image) && image.Width / image.DpiX > PageWidthInches * 1.02)
            {
                image = ImageOrientation.Apply(image, ImageOrientation.TurnCounterClockwise);
            }

            // True physical size, shrunk to the paper width when wider (never enlarged).
            double scale = Math.Min(1.0, PageWidthInches * 1.02 / (image.Width / image.DpiX));
            pages.Add(Halftone.ToPage(image, resolution, width, scale, maxHeight));
        }

        return new FaxDocument(pages);
    }

    private static async Task<IReadOnlyList<GreyImage>> RenderWithGhostscriptAsync(ReadOnlyMemory<byte> content, string fileName, FaxResolution resolution, DocumentOptions options, CancellationToken ct)
    {
        string input = Path.Combine(Path.GetTempPath(), $"gateway-doc-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(input, content, ct).ConfigureAwait(false);
        try
        {
            return await GhostscriptRenderer.RenderAsync(input, fileName, resolution.HorizontalDpi(), resolution.VerticalDpi(), options, ct).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static List<GreyImage> ReadTiff(ReadOnlyMemory<byte> content, string fileName, DocumentOptions options)
    {
        var pages = new List<GreyImage>();
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        using Tiff? tiff = Tiff.ClientOpen(fileName, "r", stream, LibTiffStreams.LeaveOpen());
        if (tiff is null)
        {
            throw new DocumentException(fileName, "not a readable TIFF file");
        }

        do
        {
            int w = tiff.GetField(TiffTag.IMAGEWIDTH)?[0].ToInt() ?? 0;
            int h = tiff.GetField(TiffTag.IMAGELENGTH)?[0].ToInt() ?? 0;
            if (w <= 0 || h <= 0 || (long)w * h > options.MaxImagePixels)
            {
                throw new DocumentException(fileName, $"page {pages.Count + 1}: image size {w}×{h} is empty or larger than {options.MaxImagePixels:N0} pixels");
            }

            if (pages.Count >= options.MaxPages)
            {
                throw new DocumentException(fileName, $"more than {options.MaxPages} pages");
            }

            int[] rgba = new int[w * h];
            if (!tiff.ReadRGBAImageOriented(w, h, rgba, Orientation.TOPLEFT, false))
            {
                throw new DocumentException(fileName, $"page {pages.Count + 1}: the image data cannot be decoded (corrupt or an unsupported compression)");
            }

            byte[] grey = new byte[w * h];
            for (int i = 0; i < grey.Length; i++)
            {
                int p = rgba[i];
                int r = Tiff.GetR(p), g = Tiff.GetG(p), b = Tiff.GetB(p), a = Tiff.GetA(p);
                int luma = ((299 * r) + (587 * g) + (114 * b)) / 1000;
                grey[i] = (byte)(((luma * a) + (255 * (255 - a))) / 255); // transparent areas are white paper
            }

            (double dpiX, double dpiY) = TiffResolution(tiff, w);
            pages.Add(new GreyImage(w, h, dpiX, dpiY, grey));
        }
        while (tiff.ReadDirectory());

        return pages;
    }

    private static (double X, double Y) TiffResolution(Tiff tiff, int width)
    {
        double? x = tiff.GetField(TiffTag.XRESOLUTION)?[0].ToDouble();
        double? y = tiff.GetField(TiffTag.YRESOLUTION)?[0].ToDouble();
        var unit = (ResUnit)(tiff.GetField(TiffTag.RESOLUTIONUNIT)?[0].ToInt() ?? (int)ResUnit.INCH);
        double factor = unit == ResUnit.CENTIMETER ? 2.54 : 1.0;
        if (x is > 0 && y is > 0 && unit != ResUnit.NONE)
        {
            return (x.Value * factor, y.Value * factor);
        }

        // No physical size: assume it spans the paper width, with square pixels.
        double dpi = width / PageWidthInches;
        return (dpi, dpi);
    }

    private static GreyImage ReadImage(ReadOnlyMemory<byte> content, string fileName, DocumentFormat format, DocumentOptions options)
    {
        ImageInfo? info = ImageInfo.FromStream(new MemoryStream(content.ToArray(), writable: false));
        if (info is not { } i || i.Width <= 0 || i.Height <= 0)
        {
            // stb refuses sizes over 2^30 bytes in its header check: name the size when the PNG header (IHDR, PNG §11.2.2) gives it.
            ReadOnlySpan<byte> head = content.Span;
            if (format == DocumentFormat.Png && head.Length >= 24 && head[12..16].SequenceEqual("IHDR"u8))
            {
                long w = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(head[16..]);
                long h = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(head[20..]);
                if (w * h > options.MaxImagePixels)
                {
                    throw new DocumentException(fileName, $"image size {w}×{h} is larger than {options.MaxImagePixels:N0} pixels");
                }
            }

            throw new DocumentException(fileName, $"not a readable {format} image");
        }

        if ((long)i.Width * i.Height > options.MaxImagePixels)
        {
            throw new DocumentException(fileName, $"image size {i.Width}×{i.Height} is larger than {options.MaxImagePixels:N0} pixels");
        }

        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(content.ToArray(), ColorComponents.GreyAlpha);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
        {
            throw new DocumentException(fileName, $"the {format} data is corrupt: {e.Message}", e);
        }

        byte[] grey = new byte[image.Width * image.Height];
        for (int p = 0; p < grey.Length; p++)
        {
            int g = image.Data[2 * p];
            int a = image.Data[(2 * p) + 1];
            grey[p] = (byte)(((g * a) + (255 * (255 - a))) / 255);
        }

        // A camera (or a phone's screenshot tool) stores the sensor's rows and says in EXIF how to turn them upright.
        var upright = new GreyImage(image.Width, image.Height, 1, 1, grey);
        int orientation = format switch
        {
            DocumentFormat.Jpeg => ImageOrientation.ReadExif(content.Span),
            DocumentFormat.Png => ImageOrientation.ReadPngExif(content.Span),
            _ => ImageOrientation.Upright,
        };
        upright = ImageOrientation.Apply(upright, orientation);

        if (options.TurnLandscape && ImageOrientation.IsLandscape(upright))
        {
            upright = ImageOrientation.Apply(upright, ImageOrientation.TurnCounterClockwise);
        }

        // Photos carry no trustworthy size: fit the image to the printable page, keeping its aspect ratio.
        double dpi = Math.Max(upright.Width / (PageWidthInches - 0.4), upright.Height / (PageHeightInches - 0.4));
        return new GreyImage(upright.Width, upright.Height, dpi, dpi, upright.Pixels);
    }
}
