using Gateway.Media.Classification.Words;
using Gateway.Media.Tests.Evaluation;
using Xunit;

namespace Gateway.Media.Tests.Classification.Words;

public sealed class WordSpotterTests
{
    private static readonly Lazy<List<WordExample>> Slice = new(() =>
    {
        // A fixed slice of the reply corpus's tuning set (never trained on): every "да"-family reply, "нет" and "алло" on a
        // quiet line and in white noise 10 dB under, delimited by a real ReplyDetector, with the training command's seeds.
        var corpus = Corpus.Instance;
        var tune = corpus.Utterances.Where(u => u.Set == "tune" && u.Label is "yes" or "no" or "greet").ToList();
        return WordExamples.Collect(tune, corpus.Babble["tune"], corpus.Prompt, 2, noiseExamples: false, [("line", 99), ("white", 10)]);
    });

    private static double Share(int label, int scored)
    {
        var of = Slice.Value.Where(e => e.Label == label).ToList();
        return (double)of.Count(e => WordReport.Predict(WordModel.Shipped, e.Features) == scored) / of.Count;
    }

    [Fact]
    public void The_shipped_model_fits_the_features()
    {
        Assert.Equal(WordFeatures.Length, WordModel.Shipped.Inputs);
        Assert.InRange(WordModel.Shipped.Hidden, 1, WordModel.MaxHidden);
    }

    [Fact]
    public void The_shipped_model_hears_the_tuning_sets_da_net_and_allo_on_a_fixed_slice()
    {
        // Measured with the shipped model (session 7): 139 utterances delimited; yes family 96 of 96 heard as yes, "нет" 19 of
        // 20 as no (one as other, none as yes), "алло" 23 of 23 as other.
        Assert.True(Slice.Value.Count >= 130, $"{Slice.Value.Count} utterances delimited");
        Assert.True(Share(0, 0) >= 0.97, $"yes family heard as yes: {Share(0, 0):P1}");
        Assert.True(Share(1, 1) >= 0.9, $"нет heard as no: {Share(1, 1):P1}");
        Assert.True(Share(2, 2) >= 0.9, $"алло heard as other: {Share(2, 2):P1}");
        Assert.True(Share(2, 0) <= 0.05, $"алло heard as yes: {Share(2, 0):P1}");
        Assert.True(Share(1, 0) == 0, $"нет heard as yes: {Share(1, 0):P1}");
    }

    [Fact]
    public void The_first_loud_vowel_of_the_tuning_sets_da_family_is_open_and_of_its_net_front()
    {
        // Session 9 (WordPhonetics): log2(F2/F1) of the first loud syllable's vowel on the same slice. Measured: yes family
        // 0.26–1.10 (every one under 1.5, the default WordNoFrontness), "нет" 1.9–2.2 on the quiet line and in white noise.
        static List<float> Of(int label) => [.. Slice.Value.Where(e => e.Label == label).Select(e => e.Score.Cues.Frontness)];
        Assert.All(Of(0), f => Assert.InRange(f, 0.1f, 1.3f));
        Assert.True(Of(1).Count(f => f >= 1.5f) >= 0.9 * Of(1).Count, $"нет measured front: {string.Join(", ", Of(1))}");
        Assert.All(Of(2), f => Assert.InRange(f, 0.1f, 1.3f)); // "алло": the /o/ (or the reduced /ɐ/) is back
    }

    [Fact]
    public void Scoring_an_utterance_allocates_nothing()
    {
        var spotter = new WordSpotter(2000, 300);
        var u = Corpus.Instance.Of("tune", "yes").First();
        var pcm = Signals.ToPcm(Channel.Scaled(u.Samples, -20));
        for (var i = 0; i + 160 <= pcm.Length; i += 160)
        {
            spotter.Push(pcm.AsSpan(i, 160), i / 8);
        }

        spotter.Score(0, pcm.Length / 8);
        var score = default(WordScore);
        var start = 0;
        var allocated = Allocations.Fewest(() =>
        {
            start += 10_000;
            for (var i = 0; i + 160 <= pcm.Length; i += 160)
            {
                spotter.Push(pcm.AsSpan(i, 160), start + (i / 8));
            }

            score = spotter.Score(start, start + (pcm.Length / 8));
        });
        Assert.Equal(0, allocated);
        Assert.NotEqual(WordClass.None, score.Class);
        Assert.Equal(1f, score.Yes + score.No + score.Other, 3);
    }

    [Fact]
    public void A_model_that_does_not_fit_the_features_is_refused()
    {
        var m = new WordModel(1, new float[3], new float[3], new float[3], new float[1], new float[3], new float[3]);
        Assert.Throws<ArgumentException>(() => new WordSpotter(2000, 300, m));
        Assert.Throws<ArgumentException>(() => new WordModel(2, new float[3], new float[3], new float[3], new float[1], new float[3], new float[3]));
    }
}
