namespace Gateway.Media.Classification.Words;

/// <summary>
/// Receives a scored utterance's features, its score, its contrast margin (dB; ≥ 0 passes the level rule) and its first and
/// last voice frames' bounds (ms).
/// </summary>
internal delegate void WordObserver(ReadOnlySpan<float> features, WordScore score, double contrastMargin, long startMs, long endMs);
