namespace Gateway.Fax.Documents;

/// <summary>An 8-bit greyscale raster (0 black, 255 white) with its physical resolution, on the way to a fax page.</summary>
internal sealed class GreyImage(int width, int height, double dpiX, double dpiY, byte[] pixels)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    public double DpiX { get; } = dpiX;

    public double DpiY { get; } = dpiY;

    public byte[] Pixels { get; } = pixels;
}
