namespace Gateway.Fax.Modems.Dsp;

/// <summary>
/// The V.27 ter scrambler (V.27 ter §2.6, Figure 2): generating polynomial 1 + x^−6 + x^−7 plus the guard
/// that inverts the next line bit when the output has repeated with period 1, 2 or 3 for 33 bits
/// (the guard compares the output with the bits 8, 9 and 12 bit times earlier and counts agreements).
/// </summary>
public struct V27terScrambler
{
    private int _register;
    private int _guardCount;

    /// <param name="seed">Starting register (bit 0 = the latest line bit).</param>
    public V27terScrambler(int seed)
    {
        _register = seed;
        _guardCount = 0;
    }

    /// <summary>Scrambles one data bit; returns the line bit.</summary>
    public int Scramble(int bit)
    {
        var r = _register;
        var o = (bit ^ (r >> 5) ^ (r >> 6)) & 1;
        if (_guardCount >= 33)
        {
            o ^= 1;
            _guardCount = 0;
        }
        else if ((((r >> 7) ^ o) & ((r >> 8) ^ o) & ((r >> 11) ^ o) & 1) != 0)
        {
            _guardCount = 0;
        }
        else
        {
            _guardCount++;
        }
        _register = (r << 1) | o;
        return o;
    }

    /// <summary>Descrambles one line bit (the mirror of <see cref="Scramble"/>, V.27 ter §2.6 Figure 3).</summary>
    public int Descramble(int lineBit)
    {
        var r = _register;
        lineBit &= 1;
        var o = (lineBit ^ (r >> 5) ^ (r >> 6)) & 1;
        if (_guardCount >= 33)
        {
            o ^= 1;
            _guardCount = 0;
        }
        else if ((((r >> 7) ^ lineBit) & ((r >> 8) ^ lineBit) & ((r >> 11) ^ lineBit) & 1) != 0)
        {
            _guardCount = 0;
        }
        else
        {
            _guardCount++;
        }
        _register = (r << 1) | lineBit;
        return o;
    }
}
