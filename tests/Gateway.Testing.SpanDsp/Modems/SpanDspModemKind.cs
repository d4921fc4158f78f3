namespace Gateway.Testing.SpanDsp;

/// <summary>Which libspandsp modem a wrapper drives.</summary>
public enum SpanDspModemKind
{
    /// <summary>fsk_* with the V.21 channel 2 preset, synchronous framing.</summary>
    V21,
    /// <summary>v27ter_*.</summary>
    V27ter,
    /// <summary>v29_*.</summary>
    V29,
    /// <summary>v17_*.</summary>
    V17,
}
