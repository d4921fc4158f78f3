namespace Gateway.Media.Classification.Words;

/// <summary>
/// Sans-IO word check of a reply: feed every received frame (<see cref="Push"/>), then score a finished utterance by its
/// first and last voice frames (<see cref="Score"/>) as the yes family, "нет" or other. The reply detector delimits the
/// utterance (<c>ReplyDetector.Words.cs</c>); this class only hears the line. Allocation-free after construction.
/// </summary>
public sealed class WordSpotter
{
    private readonly WordFeatures _features;
    private readonly WordPhonetics _phonetics;
    private readonly float[] _summary = new float[WordFeatures.Length];
    private bool _hasSummary;

    /// <summary>Creates a spotter that can score utterances up to <paramref name="maxUtteranceMs"/> ended by <paramref name="endSilenceMs"/>.</summary>
    public WordSpotter(int maxUtteranceMs, int endSilenceMs, WordModel? model = null)
    {
        Model = model ?? WordModel.Shipped;
        if (Model.Inputs != WordFeatures.Length)
        {
            throw new ArgumentException($"The model takes {Model.Inputs} inputs; the features have {WordFeatures.Length}.", nameof(model));
        }

        // The utterance is scored when its end silence has passed: the ring holds both and a margin of 200 ms.
        _features = new WordFeatures(Math.Max(0, maxUtteranceMs) + Math.Max(0, endSilenceMs) + 200);
        _phonetics = new WordPhonetics(Math.Max(0, maxUtteranceMs) + Math.Max(0, endSilenceMs) + 200);
    }

    /// <summary>The model in use.</summary>
    public WordModel Model { get; }

    /// <summary>The last scored utterance's summary (empty before one): what the training command learns from.</summary>
    public ReadOnlySpan<float> LastFeatures => _hasSummary ? _summary : [];

    /// <summary>Adds one received 20 ms frame.</summary>
    public void Push(ReadOnlySpan<short> frame, long timestampMs)
    {
        _features.Push(frame, timestampMs);
        _phonetics.Push(frame, timestampMs);
    }

    /// <summary>Forgets the line heard so far.</summary>
    public void Reset()
    {
        _features.Reset();
        _phonetics.Reset();
        _hasSummary = false;
    }

    /// <summary>Scores the utterance from its first voice frame's start to its last voice frame's end (ms).</summary>
    public WordScore Score(long startMs, long endMs)
    {
        _hasSummary = _features.Summarize(startMs, endMs, _summary);
        if (!_hasSummary)
        {
            return WordScore.None;
        }

        Span<float> p = stackalloc float[WordModel.Outputs];
        Model.Score(_summary, p);
        var best = p[0] >= p[1] && p[0] >= p[2] ? WordClass.Yes : p[1] >= p[2] ? WordClass.No : WordClass.Other;
        return new WordScore(best, p[0], p[1], p[2]) { Cues = _phonetics.Measure(startMs, endMs) };
    }
}
