namespace Gateway.Calls.Capture;

/// <summary>Which calls keep their debugging capture.</summary>
public enum CaptureKeep
{
    /// <summary>Every call's capture is kept.</summary>
    All,

    /// <summary>Only calls that did not end <see cref="FailureClass.Succeeded"/>; a successful call's files are deleted.</summary>
    FailedOnly,
}
