namespace Gateway.Fax.Modems.Dsp;

/// <summary>
/// The self-synchronising scrambler with generating polynomial 1 + x^−18 + x^−23 (V.29 §6 and V.17 §2.4):
/// each transmitted bit is the data bit XOR the bits sent 18 and 23 bit times earlier. The descrambler
/// undoes it from the received bits alone, so it needs no common starting state.
/// </summary>
public struct Scrambler1823
{
    private int _register;

    /// <param name="seed">Starting register (bit 0 = the latest line bit).</param>
    public Scrambler1823(int seed) => _register = seed & 0x7FFFFF;

    /// <summary>The shift register (bit 0 = the latest line bit).</summary>
    public readonly int Register => _register;

    /// <summary>Scrambles one data bit; returns the line bit.</summary>
    public int Scramble(int bit)
    {
        var r = _register;
        var o = (bit ^ (r >> 17) ^ (r >> 22)) & 1;
        _register = (r << 1) | o;
        return o;
    }

    /// <summary>Descrambles one line bit; returns the data bit.</summary>
    public int Descramble(int lineBit)
    {
        var r = _register;
        var o = (lineBit ^ (r >> 17) ^ (r >> 22)) & 1;
        _register = (r << 1) | (lineBit & 1);
        return o;
    }
}
