using Gateway.Calls.Capture;

namespace Gateway.Telephony;

/// <summary>
/// Configuration section <c>Calls:Capture</c>: the optional per-call debugging capture (off by default):
/// each call's SIP/RTP/UDPTL packets as a pcap and both audio directions as a stereo WAV.
/// </summary>
public sealed class CallCaptureOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Calls:Capture";

    public bool Enabled { get; set; }

    /// <summary>Folder for the files (relative paths are relative to the working directory); created when missing.</summary>
    public string Directory { get; set; } = "captures";

    /// <summary><c>All</c> keeps every call's files; <c>FailedOnly</c> deletes them when the call succeeded.</summary>
    public CaptureKeep Keep { get; set; } = CaptureKeep.All;

    /// <summary>The call layer's settings, or null when capture is off. Throws <see cref="InvalidOperationException"/> naming the setting when the folder cannot be made.</summary>
    public CallCaptureSettings? ToSettings()
    {
        if (!Enabled)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new InvalidOperationException("Calls:Capture:Directory: a folder is needed when Calls:Capture:Enabled is true");
        }

        string full = Path.GetFullPath(Directory);
        try
        {
            System.IO.Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Calls:Capture:Directory: '{full}' cannot be created: {e.Message}", e);
        }

        return new CallCaptureSettings { Directory = full, Keep = Keep };
    }
}
