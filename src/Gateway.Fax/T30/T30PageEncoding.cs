using Gateway.Fax.T30.Frames;

namespace Gateway.Fax.T30;

/// <summary>
/// How one page must be coded for the line, as negotiated in DCS: coding, resolution, width and the
/// minimum number of bits per coded row (fill bits for the minimum scan line time, T.4 §4.1.2; 0 in ECM).
/// </summary>
public readonly record struct T30PageEncoding(T30Compression Compression, T30Resolution Resolution, RecordingWidth Width, int MinBitsPerRow);
