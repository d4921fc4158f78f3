namespace Gateway.Fax.Modems;

/// <summary>Where a demodulator delivers what it hears.</summary>
public interface IModemBitSink
{
    /// <summary>One received data bit (0 or 1).</summary>
    void OnBit(int bit);

    /// <summary>The carrier appeared (<paramref name="present"/> true) or dropped.</summary>
    void OnCarrier(bool present);
}
