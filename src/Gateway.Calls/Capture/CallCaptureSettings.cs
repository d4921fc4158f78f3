namespace Gateway.Calls.Capture;

/// <summary>Per-call debugging capture: both audio directions as WAV and the call's SIP/RTP/UDPTL packets as pcap.</summary>
public sealed record CallCaptureSettings
{
    /// <summary>Folder the files go to (created when missing).</summary>
    public required string Directory { get; init; }

    public CaptureKeep Keep { get; init; } = CaptureKeep.All;
}
