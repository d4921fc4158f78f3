using Gateway.Fax.Documents;
using Gateway.Fax.Pages;

namespace Gateway.Telephony;

/// <summary>
/// Renders the header line's glyph atlas (one Ghostscript run per resolution, 2.5–3.7 s measured on a loaded
/// machine) while the service starts, so the first call does not wait for it. A failure is logged and the
/// font is tried again when the first page needs it; readiness does not wait for this.
/// </summary>
internal sealed partial class HeaderFontWarmUp(FaxPagesOptions pages, ILogger<HeaderFontWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Pages are stamped at the prepared resolution; a far end that only takes standard gets it resampled.
        FaxResolution[] resolutions = [pages.Resolution, FaxResolution.Standard];
        try
        {
            await HeaderFont.WarmUpAsync(resolutions).WaitAsync(stoppingToken);
            Rendered(logger, string.Join(", ", resolutions.Distinct()));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping before Ghostscript finished: nothing to do.
        }
        catch (Exception e) when (e is DocumentException or InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            Failed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Header font rendered for {Resolutions}")]
    private static partial void Rendered(ILogger logger, string resolutions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Header font could not be rendered at start; the first page will try again")]
    private static partial void Failed(ILogger logger, Exception exception);
}
