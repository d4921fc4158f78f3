using Gateway.Fax.Hdlc;
using Gateway.Fax.T30;

namespace Gateway.Fax.Modems.Pump;

/// <summary>An <see cref="HdlcBitEncoder"/> as a modulator's bit source (flags, frames with FCS and zero insertion).</summary>
internal sealed class HdlcBitSource(HdlcBitEncoder encoder) : IModemBitSource
{
    public int NextBit() => encoder.NextBit();

    /// <summary>Ends the transmission: nothing queued is sent any more.</summary>
    public void Stop() => encoder.Clear();
}

/// <summary>TCF: a fixed number of zero bits (T.30 §5.3.2.1).</summary>
internal sealed class ZeroBitSource : IModemBitSource
{
    private long _left;

    public void Reset(long bits) => _left = bits;

    public int NextBit() => _left-- > 0 ? 0 : -1;
}

/// <summary>Non-ECM page data pulled from <see cref="T30Session.ReadImageData"/>, first bit least significant.</summary>
internal sealed class ImageBitSource(T30Session session) : IModemBitSource
{
    private readonly byte[] _buffer = new byte[256];
    private int _length;
    private int _index;
    private int _bit = 8;
    private bool _stopped;

    public void Reset()
    {
        _length = 0;
        _index = 0;
        _bit = 8;
        _stopped = false;
    }

    /// <summary>Ends the page here (the session no longer wants it sent).</summary>
    public void Stop() => _stopped = true;

    public int NextBit()
    {
        if (_stopped)
            return -1;
        if (_bit >= 8)
        {
            if (++_index >= _length)
            {
                _length = session.ReadImageData(_buffer);
                _index = 0;
                if (_length <= 0)
                    return -1;
            }
            _bit = 0;
        }
        return (_buffer[_index] >> _bit++) & 1;
    }
}
