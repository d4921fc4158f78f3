using BitMiracle.LibTiff.Classic;

namespace Gateway.Fax.Documents;

/// <summary>
/// LibTiff.NET plumbing: a stream adapter that leaves the caller's stream open (LibTiff closes it when the
/// Tiff is disposed), and a handler that keeps LibTiff's messages off the console — a bad file is reported
/// through <see cref="DocumentException"/>, not through stderr.
/// </summary>
internal static class LibTiffStreams
{
    private static int _quiet;

    /// <summary>The adapter for a caller-owned stream.</summary>
    public static TiffStream LeaveOpen()
    {
        if (Interlocked.Exchange(ref _quiet, 1) == 0)
        {
            Tiff.SetErrorHandler(new QuietHandler());
        }

        return new NonClosing();
    }

    private sealed class NonClosing : TiffStream
    {
        public override void Close(object clientData)
        {
        }
    }

    private sealed class QuietHandler : TiffErrorHandler
    {
        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args)
        {
        }

        public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
        }

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
        {
        }

        public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
        }
    }
}
