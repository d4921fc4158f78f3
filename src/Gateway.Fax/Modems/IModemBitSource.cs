namespace Gateway.Fax.Modems;

/// <summary>Where a modulator takes its data bits from (HDLC bit stream, T.4 page data, TCF zeros).</summary>
public interface IModemBitSource
{
    /// <summary>The next bit to send (0 or 1), or −1 when the data has ended (the modulator then turns off).</summary>
    int NextBit();
}
