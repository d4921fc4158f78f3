namespace Gateway.Fax.T30;

/// <summary>The page codings T.30 negotiates (DIS/DCS bits 16 and 31).</summary>
public enum T30Compression
{
    /// <summary>T.4 one-dimensional (Modified Huffman).</summary>
    MH,
    /// <summary>T.4 two-dimensional (Modified READ).</summary>
    MR,
    /// <summary>T.6 (Modified Modified READ); needs ECM (T.30 §5.3.6.2.3 note).</summary>
    MMR,
}
