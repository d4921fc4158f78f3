namespace Gateway.Fax.T30.Frames;

/// <summary>Why a frame could not be understood.</summary>
public enum T30FrameError
{
    /// <summary>No error.</summary>
    None,
    /// <summary>Fewer than three octets (address, control, FCF).</summary>
    TooShort,
    /// <summary>The address octet is not 0xFF.</summary>
    BadAddress,
    /// <summary>The control octet is neither 0x03 nor 0x13.</summary>
    BadControl,
    /// <summary>The FCF is known but its information field has the wrong length.</summary>
    BadInformationLength,
    /// <summary>The FCF is not the one the decoder expects.</summary>
    WrongFcf,
}
