namespace Gateway.Fax.T30;

/// <summary>
/// The pages a transmitting <see cref="T30Session"/> sends. Implementations code a page on demand with the
/// negotiated parameters (see Gateway.Fax's document adapters); the session never touches pixels.
/// </summary>
public interface IT30PageSource
{
    /// <summary>Number of pages in the document.</summary>
    int PageCount { get; }

    /// <summary>The format page <paramref name="pageIndex"/> (0-based) was prepared at.</summary>
    T30PageFormat GetFormat(int pageIndex);

    /// <summary>
    /// The coded page: T.4/T.6 bits in line order, first bit in the least significant bit of each octet,
    /// ending with RTC (MH/MR) or EOFB (MMR). If <paramref name="encoding"/> asks for a lower resolution or
    /// narrower width than the page has, the source resamples. The session and its physical layer read the memory
    /// until the page has been sent (a T.38 terminal sends it from there, without a copy): it must not change.
    /// </summary>
    ReadOnlyMemory<byte> Encode(int pageIndex, T30PageEncoding encoding);
}
