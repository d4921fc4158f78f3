namespace Gateway.Fax.T30;

/// <summary>The phases of a facsimile call (T.30 §2.2, Figure 1).</summary>
public enum T30Phase
{
    /// <summary>Call set-up (done by the call layer).</summary>
    A,
    /// <summary>Pre-message procedure: capabilities, training.</summary>
    B,
    /// <summary>Message transmission (image data).</summary>
    C,
    /// <summary>Post-message procedure: end-of-page and confirmations.</summary>
    D,
    /// <summary>Call release.</summary>
    E,
}
