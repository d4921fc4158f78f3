namespace Gateway.Fax.Hdlc;

/// <summary>What one pushed bit completed.</summary>
public enum HdlcDeframerResult
{
    /// <summary>Nothing yet.</summary>
    None,
    /// <summary>A frame with a good FCS is in <see cref="HdlcDeframer.Frame"/>.</summary>
    Frame,
    /// <summary>A frame ended badly; <see cref="HdlcDeframer.LastError"/> says why.</summary>
    BadFrame,
}
