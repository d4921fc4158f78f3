using Gateway.Media.Classification;
using Gateway.Media.Codecs;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Classification;

public sealed class AnswerClassifierTests
{
    private static AnswerDecision Classify(int toneBridgeMs)
    {
        // "да?" as five voice frames (white noise at −25 dBm0 with a scripted VAD) from 600 ms, the middle one a pure
        // 950 Hz frame (SIT's first segment frequency, claimed by the tone bank), then quiet.
        var x = new float[Signals.Samples(4000)];
        Signals.AddWhiteNoise(x, -70, new Random(1));
        var voice = new float[Signals.Samples(100)];
        Signals.AddWhiteNoise(voice, -25, new Random(2));
        Channel.Place(x, voice, Signals.Samples(600));
        Array.Clear(x, Signals.Samples(640), Signals.Samples(20));
        Signals.AddTone(x, Signals.Samples(640), Signals.Samples(20), -20, 0, 950);
        var pcm = Channel.Finish(x, G711Law.MuLaw, 0, new Random(3));
        var c = new AnswerClassifier(new AnswerClassifierOptions { ToneBridgeMs = toneBridgeMs }, new SpeechDetector(new ScriptedVad(f => f is >= 30 and < 35)));
        for (var f = 0; f + 160 <= pcm.Length; f += 160)
        {
            var d = c.Process(pcm.AsSpan(f, 160), f / 8);
            if (f / 160 == 32)
            {
                Assert.Equal(SpeechFrame.Tone, c.Speech.LastDecision);
            }

            if (d.IsFinal)
            {
                return d;
            }
        }

        return c.Decision;
    }

    [Fact]
    public void A_frame_claimed_by_SIT_inside_a_short_word_keeps_the_word_whole()
    {
        Assert.Equal(AnswerClass.Human, Classify(toneBridgeMs: 40).Class);
        Assert.Equal(AnswerClass.Silence, Classify(toneBridgeMs: 0).Class); // two 40 ms runs: no word
    }

    private static AnswerDecision Run(float[] x, Func<int, bool> voice, AnswerClassifierOptions? options = null)
    {
        var pcm = Channel.Finish(x, G711Law.MuLaw, 0, new Random(3));
        var c = new AnswerClassifier(options ?? new AnswerClassifierOptions(), new SpeechDetector(new ScriptedVad(voice)));
        for (var f = 0; f + 160 <= pcm.Length; f += 160)
        {
            if (c.Process(pcm.AsSpan(f, 160), f / 8) is { IsFinal: true } d)
            {
                return d;
            }
        }

        return c.Decision;
    }

    // A loud line (white noise at −30 dBm0) that the VAD calls voice for its first 120 ms, until it has learnt it.
    private static float[] LoudLine(int ms = 4000)
    {
        var x = new float[Signals.Samples(ms)];
        Signals.AddWhiteNoise(x, -30, new Random(1));
        return x;
    }

    [Fact]
    public void A_word_no_louder_than_the_silence_after_it_is_the_line_and_not_a_greeting()
    {
        var d = Run(LoudLine(), f => f < 6);
        Assert.Equal(AnswerClass.Silence, d.Class);
        Assert.Equal(2500, d.ElapsedMs);
        Assert.Equal(AnswerClass.Human, Run(LoudLine(), f => f < 6, new AnswerClassifierOptions { MinimumWordOverBackgroundDb = -100 }).Class);
    }

    [Fact]
    public void A_word_standing_above_the_silence_after_it_is_a_greeting()
    {
        var x = LoudLine();
        var word = new float[Signals.Samples(300)];
        Signals.AddWhiteNoise(word, -20, new Random(2));
        Channel.Place(x, word, Signals.Samples(600));
        var d = Run(x, f => f is >= 30 and < 45);
        Assert.Equal(AnswerClass.Human, d.Class);
        Assert.Equal(600 + 300 + 800, d.ElapsedMs);
    }

    [Fact]
    public void The_line_heard_as_a_word_at_answer_does_not_count_towards_a_person_s_words()
    {
        // Line "word" at answer, then a person's two words: with the line counted that is three, MAXWORDS.
        var x = LoudLine();
        foreach (var at in new[] { 600, 900 })
        {
            var word = new float[Signals.Samples(200)];
            Signals.AddWhiteNoise(word, -18, new Random(at));
            Channel.Place(x, word, Signals.Samples(at));
        }

        static bool Voice(int f) => f < 6 || f is >= 30 and < 40 || f is >= 45 and < 55;
        Assert.Equal(AnswerClass.Human, Run(x, Voice).Class);
        Assert.Equal(AnswerClass.Machine, Run(x, Voice, new AnswerClassifierOptions { MinimumWordOverBackgroundDb = -100 }).Class);
    }

    [Fact]
    public void Talk_that_goes_on_past_the_greeting_span_is_a_machine()
    {
        // Words of 200 ms with 300 ms pauses from 400 ms: two words and 600 ms of voice by 1.3 s, never a long pause.
        var x = LoudLine(5000);
        static bool Voice(int f) => f >= 20 && (f - 20) % 25 < 10;
        for (var f = 20; f < 250; f++)
        {
            if (Voice(f))
            {
                var v = new float[160];
                Signals.AddWhiteNoise(v, -15, new Random(f));
                Channel.Place(x, v, f * 160);
            }
        }

        var options = new AnswerClassifierOptions { MaximumNumberOfWords = 99, GreetingMs = 99_000, MaximumGreetingSpanMs = 2000 };
        var d = Run(x, Voice, options);
        Assert.Equal((AnswerClass.Machine, "LONGSPAN"), (d.Class, d.Reason));
        Assert.Equal(400 + 2000 + 20, d.ElapsedMs); // the first voice frame at or after 2 s from the first word's start (the 5th word)
        Assert.Equal(AnswerClass.NotSure, Run(x, Voice, new AnswerClassifierOptions { MaximumNumberOfWords = 99, GreetingMs = 99_000, MaximumGreetingSpanMs = 0 }).Class);
    }

    // Voice at −15 dBm0 over LoudLine in the frames the scripted VAD calls voice.
    private static float[] Spoken(Func<int, bool> voice, int ms = 5000)
    {
        var x = LoudLine(ms);
        for (var f = 0; f < ms / 20; f++)
        {
            if (voice(f))
            {
                var v = new float[160];
                Signals.AddWhiteNoise(v, -15, new Random(f));
                Channel.Place(x, v, f * 160);
            }
        }

        return x;
    }

    [Fact]
    public void A_phrase_still_running_a_second_into_the_greeting_is_a_machine()
    {
        // 300 ms of voice, 100 ms breaks, from 400 ms: one phrase (no 200 ms pause) — a recording reading on.
        static bool Voice(int f) => f >= 20 && (f - 20) % 20 < 15;
        var x = Spoken(Voice);
        var d = Run(x, Voice, new AnswerClassifierOptions { MaximumNumberOfWords = 99 });
        Assert.Equal((AnswerClass.Machine, "LONGPHRASE", 400L + 1000), (d.Class, d.Reason, d.ElapsedMs));

        // The same talk with breaks that count as pauses: only the greeting span ends it (at the first voice frame past
        // 1550 ms from the first word: the break 1900–2000 ms delays it to 2020).
        d = Run(x, Voice, new AnswerClassifierOptions { MaximumNumberOfWords = 99, PhrasePauseMs = 100 });
        Assert.Equal((AnswerClass.Machine, "LONGSPAN", 2020L), (d.Class, d.Reason, d.ElapsedMs));
    }

    [Fact]
    public void A_person_s_two_phrase_answer_is_not_a_long_phrase()
    {
        // "приёмная, слушаю" at a slow rate: 600 ms, a 300 ms comma pause, 500 ms, then the person waits.
        static bool Person(int f) => f is (>= 20 and < 50) or (>= 65 and < 90);
        var d = Run(Spoken(Person), Person);
        Assert.Equal((AnswerClass.Human, "HUMAN", 1800L + 800), (d.Class, d.Reason, d.ElapsedMs));

        // A second phrase of 600 ms or more, a second into the greeting, is read, not said.
        static bool Longer(int f) => f is (>= 20 and < 50) or (>= 65 and < 100);
        d = Run(Spoken(Longer), Longer);
        Assert.Equal((AnswerClass.Machine, "LONGPHRASE", 1300L + 600), (d.Class, d.Reason, d.ElapsedMs));
        Assert.Equal((AnswerClass.Machine, "LONGSPAN"), Run(Spoken(Longer), Longer, new AnswerClassifierOptions { MaximumPhraseMs = 0 }) is var n ? (n.Class, n.Reason) : default);
    }

    // Three voice runs of 200 ms at −20 dBm0 from 500 ms, with two 120 ms pauses the VAD calls silence; the line's floor
    // is −45 dBm0. Inside a word the level only dips (−35 dBm0, 10 dB over the floor); between words it falls to the floor.
    private static AnswerDecision ThreeRuns(double? dipDbm0, AnswerClassifierOptions? options = null)
    {
        var x = new float[Signals.Samples(4000)];
        Signals.AddWhiteNoise(x, -45, new Random(1));
        foreach (var (from, to, dbm0) in new[] { (25, 35, -20.0), (35, 41, dipDbm0 ?? double.NaN), (41, 51, -20), (51, 57, dipDbm0 ?? double.NaN), (57, 67, -20) })
        {
            if (!double.IsNaN(dbm0))
            {
                var v = new float[Signals.Samples((to - from) * 20)];
                Signals.AddWhiteNoise(v, dbm0, new Random(from));
                Channel.Place(x, v, from * 160);
            }
        }

        return Run(x, f => f is (>= 25 and < 35) or (>= 41 and < 51) or (>= 57 and < 67), options);
    }

    [Fact]
    public void A_pause_that_stays_above_the_line_s_floor_does_not_split_a_word()
    {
        var d = ThreeRuns(-35);
        Assert.Equal((AnswerClass.Human, "HUMAN"), (d.Class, d.Reason));
        Assert.Equal(1340 + 800, d.ElapsedMs);
        Assert.Equal((AnswerClass.Machine, "MAXWORDS"), (ThreeRuns(-35, new AnswerClassifierOptions { WordGapDepthDb = 0 }) is var a ? (a.Class, a.Reason) : default));
    }

    [Fact]
    public void A_pause_that_falls_to_the_line_s_floor_splits_words()
    {
        var d = ThreeRuns(null);
        Assert.Equal((AnswerClass.Machine, "MAXWORDS"), (d.Class, d.Reason));
    }

    [Fact]
    public void A_lost_packet_inside_a_dip_does_not_split_a_word()
    {
        // ThreeRuns' shallow dips, each with a frame lost (zeros): still one word, a person (three would be MAXWORDS).
        var x = new float[Signals.Samples(4000)];
        Signals.AddWhiteNoise(x, -45, new Random(1));
        foreach (var (from, to, dbm0) in new[] { (25, 35, -20.0), (35, 41, -35), (41, 51, -20), (51, 57, -35), (57, 67, -20) })
        {
            var v = new float[Signals.Samples((to - from) * 20)];
            Signals.AddWhiteNoise(v, dbm0, new Random(from));
            Channel.Place(x, v, from * 160);
        }

        Array.Clear(x, 38 * 160, 160);
        Array.Clear(x, 54 * 160, 160);
        Assert.Equal(AnswerClass.Human, Run(x, f => f is (>= 25 and < 35) or (>= 41 and < 51) or (>= 57 and < 67)).Class);
    }

    [Fact]
    public void A_far_end_sending_CNG_is_a_fax_unless_we_are_sending_it_ourselves()
    {
        // T.30 §5.3.1 CNG (1100 Hz, 0.5 s on, 3 s off) from 300 ms at −25 dBm0 on a quiet line.
        var x = new float[Signals.Samples(4000)];
        Signals.AddWhiteNoise(x, -60, new Random(1));
        Signals.AddCadence(x, Signals.Samples(300), -25, [500, 3000], 0.1, 1100);
        var pcm = Channel.Finish(x, G711Law.ALaw, 0, new Random(3));
        var ours = Signals.ToPcm(x); // what we play: the same CNG (its echo is what we hear)
        AnswerDecision Classify(bool playing)
        {
            var c = new AnswerClassifier();
            for (var f = 0; f + 160 <= pcm.Length; f += 160)
            {
                if (c.Process(pcm.AsSpan(f, 160), f / 8, farEnd: playing ? ours.AsSpan(f, 160) : default) is { IsFinal: true } d)
                {
                    return d;
                }
            }

            return c.Decision;
        }

        var fax = Classify(playing: false);
        Assert.Equal((AnswerClass.Fax, "CNG"), (fax.Class, fax.Reason));
        Assert.InRange(fax.ElapsedMs, 800, 900); // at the end of the first burst
        Assert.NotEqual(AnswerClass.Fax, Classify(playing: true).Class);
    }
}
