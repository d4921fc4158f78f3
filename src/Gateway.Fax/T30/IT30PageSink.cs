namespace Gateway.Fax.T30;

/// <summary>Where a receiving <see cref="T30Session"/> delivers pages.</summary>
public interface IT30PageSink
{
    /// <summary>
    /// A page arrived: <paramref name="data"/> is the T.4/T.6 stream as received (first bit least significant).
    /// The sink decodes it and reports its quality; the session answers MCF, or RTN when
    /// <see cref="T30PageQuality.Acceptable"/> is false (T.30 §5.3.6.1.7).
    /// </summary>
    T30PageQuality OnPage(int pageIndex, ReadOnlyMemory<byte> data, T30PageEncoding encoding);
}
