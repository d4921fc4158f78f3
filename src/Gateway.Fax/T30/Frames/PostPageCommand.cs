namespace Gateway.Fax.T30.Frames;

/// <summary>What follows a page or partial page (the FCF of MPS/EOM/EOP, or FCF2 of PPS/EOR), T.30 §5.3.6.1.5.</summary>
public enum PostPageCommand : byte
{
    /// <summary>PPS-NULL / EOR-NULL: the page continues in the next block.</summary>
    None = 0x00,
    /// <summary>Another page follows with the same parameters.</summary>
    Mps = T30Fcf.Mps,
    /// <summary>Another page follows after returning to phase B.</summary>
    Eom = T30Fcf.Eom,
    /// <summary>No more pages.</summary>
    Eop = T30Fcf.Eop,
    /// <summary>Procedure interrupt, more pages.</summary>
    PriMps = T30Fcf.PriMps,
    /// <summary>Procedure interrupt, back to phase B.</summary>
    PriEom = T30Fcf.PriEom,
    /// <summary>Procedure interrupt, end.</summary>
    PriEop = T30Fcf.PriEop,
}
