using Gateway.Calls.Media;
using Gateway.Media.Classification;
using Gateway.Media.Codecs;
using Gateway.Media.Prompts;
using Gateway.Media.Rtp;
using Xunit;

namespace Gateway.Calls.Tests.Media;

/// <summary>
/// The call's audio path with the real detectors and real (espeak-ng) voices: what the far end says is
/// fed as G.711 frames, what we send comes back as G.711 frames.
/// </summary>
public class CallAudioPathTests
{
    private static readonly string Assets = Path.Combine(FindRoot(), "assets");
    private readonly List<FaxCallEvent> _events = [];
    private readonly CallAudioPath _path;
    private readonly byte[] _out = new byte[160];

    public CallAudioPathTests() => _path = new CallAudioPath(G711Law.ALaw, e => _events.Add(e));

    private static Prompt Load(params string[] parts) => PromptLoader.Load(Path.Combine([Assets, .. parts]));

    private void Hear(ReadOnlySpan<short> samples, int frames)
    {
        var frame = new byte[160];
        for (int i = 0; i < frames; i++)
        {
            ReadOnlySpan<short> chunk = (i + 1) * 160 <= samples.Length ? samples.Slice(i * 160, 160) : new short[160];
            G711.Encode(chunk, frame, G711Law.ALaw);
            _path.OnFrame(frame, RtpFrameKind.Audio, _out);
        }
    }

    [Fact]
    public void The_prompt_plays_out_then_a_short_da_is_heard_as_yes()
    {
        Prompt prompt = Load("prompts", "prinyat-fax.wav");
        Prompt da = Load("simulator", "da.wav");
        _path.PlayPrompt(prompt, new ReplyDetectorOptions());

        var sent = new short[160];
        double energy = 0;
        for (int i = 0; i < prompt.FrameCount; i++)
        {
            Hear(new short[160], 1);
            G711.Decode(_out, sent, G711Law.ALaw);
            energy += sent.Sum(s => (double)s * s);
        }

        Hear(new short[160], 1);
        Assert.Contains(_events, e => e is FaxCallEvent.PromptFinished);
        Assert.True(energy > 1e8, "the prompt was sent");

        Hear(new short[1600], 10); // 200 ms of line silence, then "da"
        Hear(da.Samples, (da.Samples.Length / 160) + 40);

        Assert.Contains(new FaxCallEvent.ReplyHeard(ReplyClass.Yes), _events);
        Assert.DoesNotContain(_events, e => e is FaxCallEvent.FaxTonesHeard);
    }

    [Fact]
    public void A_da_over_the_prompt_stops_it_and_tells_the_call_the_prompt_is_over()
    {
        Prompt prompt = Load("prompts", "prinyat-fax.wav"); // 3.9 s; the question is asked in its first 1.1 s
        Prompt da = Load("simulator", "da.wav");
        _path.PlayPrompt(prompt, new ReplyDetectorOptions());
        Hear(new short[160 * 75], 75); // 1.5 s of the prompt with a quiet line
        Assert.Empty(_events);

        Hear(da.Samples, (da.Samples.Length / 160) + 40); // "да" over the rest of the prompt, then silence

        int finished = _events.FindIndex(e => e is FaxCallEvent.PromptFinished);
        int yes = _events.IndexOf(new FaxCallEvent.ReplyHeard(ReplyClass.Yes));
        Assert.True(finished >= 0 && yes > finished, string.Join(", ", _events));
        Assert.Single(_events, e => e is FaxCallEvent.PromptFinished);
        Assert.True(_out.All(b => b == _out[0]), "the prompt is no longer sent"); // A-law silence is one repeated byte
        int framesPlayed = 75 + (da.Samples.Length / 160) + 40;
        Assert.True(framesPlayed < prompt.FrameCount, "the test must end before the prompt would have");
    }

    [Fact]
    public void A_machines_greeting_is_waited_out_before_the_line_counts_as_quiet()
    {
        Prompt greeting = Load("simulator", "greeting.wav"); // 8.8 s of recorded talk with pauses between sentences
        _path.StartClassifier(new AnswerClassifierOptions(), answered: true);
        Hear(greeting.Samples, 100); // the classifier hears the first 2 s and decides
        _events.Clear();
        _path.AwaitQuiet(TimeSpan.FromSeconds(1));

        int framesLeft = (greeting.Samples.Length / 160) - 100;
        for (int f = 0; f < framesLeft; f++)
        {
            Hear(greeting.Samples.Slice((100 + f) * 160, 160), 1);
            Assert.True(_events.Count == 0, $"quiet at {(100 + f) * 20} ms into the greeting"); // its pauses are shorter than a second
        }

        // The recording ends with 0.36 s of its own silence; a second of quiet is reached 0.64 s (plus the VAD's
        // hangover) into the line's silence after it.
        int silentMs = 0;
        while (_events.Count == 0 && silentMs < 3000)
        {
            Hear(new short[160], 1);
            silentMs += 20;
        }

        Assert.Equal(new FaxCallEvent.LineQuiet(), Assert.Single(_events));
        Assert.InRange(silentMs, 600, 1000);
        Hear(new short[160 * 100], 100);
        Assert.Single(_events); // once
    }

    [Fact]
    public void Ced_after_answer_is_classified_as_a_fax()
    {
        _path.StartClassifier(new AnswerClassifierOptions(), answered: true);
        var ced = new short[8000 * 3];
        for (int n = 0; n < ced.Length; n++)
        {
            ced[n] = (short)(8000 * Math.Sin(2 * Math.PI * 2100 * n / 8000.0)); // about -15 dBm0
        }

        Hear(new short[1600], 10); // T.30 §6.2: 0.2 s of silence before CED
        Hear(ced, ced.Length / 160);

        Assert.Equal(new FaxCallEvent.Classified(AnswerClass.Fax), Assert.Single(_events));
    }

    [Fact]
    public void A_short_allo_then_silence_is_classified_as_a_person()
    {
        Prompt allo = Load("simulator", "allo.wav");
        _path.StartClassifier(new AnswerClassifierOptions(), answered: true);
        Hear(new short[1600], 10);
        Hear(allo.Samples, allo.Samples.Length / 160);
        Hear(new short[160 * 150], 150);

        Assert.Equal(new FaxCallEvent.Classified(AnswerClass.Person), Assert.Single(_events));
    }

    [Fact]
    public void The_reply_detector_keeps_the_noise_model_the_classifier_learned_on_the_line()
    {
        Prompt allo = Load("simulator", "allo.wav");
        Prompt prompt = Load("prompts", "prinyat-fax.wav");
        _path.StartClassifier(new AnswerClassifierOptions(), answered: true);
        Hear(new short[1600], 10);
        Hear(allo.Samples, allo.Samples.Length / 160);
        Hear(new short[160 * 150], 150);
        Assert.Equal(new FaxCallEvent.Classified(AnswerClass.Person), Assert.Single(_events));

        _path.PlayPrompt(prompt, new ReplyDetectorOptions());

        // Production wiring (docs/detection.md, session 5): a fresh detector would know nothing of the line yet.
        Assert.NotNull(_path.ClassifierSpeech);
        Assert.Same(_path.ClassifierSpeech, _path.ReplySpeech);
    }

    [Fact]
    public void A_prompt_without_a_classification_first_still_gets_a_speech_detector()
    {
        _path.PlayPrompt(Load("prompts", "prinyat-fax.wav"), new ReplyDetectorOptions());

        Assert.Null(_path.ClassifierSpeech);
        Assert.NotNull(_path.ReplySpeech);
    }

    [Fact]
    public void Cng_is_sent_while_the_operator_switches_the_machine_on()
    {
        _path.StartCng();
        Hear([], 1);
        var sent = new short[160];
        G711.Decode(_out, sent, G711Law.ALaw);
        Assert.True(sent.Max(s => Math.Abs((int)s)) > 1000, "CNG at -10 dBm0 is audible");
    }

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Gateway.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Gateway.sln not found above the test binaries.");
    }

    [Fact]
    public void Classifier_and_reply_judge_speech_with_the_calls_configured_detector()
    {
        // The call's Media:Speech / Media:Vad settings arrive as the path's detector factory (FaxCall.NewSpeechDetector).
        var made = new List<Gateway.Media.Vad.SpeechDetector>();
        var path = new CallAudioPath(G711Law.ALaw, _ => { })
        {
            NewSpeechDetector = () =>
            {
                var d = new Gateway.Media.Vad.SpeechDetector(null, new Gateway.Media.Vad.SpeechOptions { EchoCanceller = false });
                made.Add(d);
                return d;
            },
        };
        path.PlayPrompt(Load("prompts", "prinyat-fax.wav"), new ReplyDetectorOptions());
        Assert.Same(made[0], path.ReplySpeech); // a prompt without a classifier before it

        var classified = new CallAudioPath(G711Law.ALaw, _ => { }) { NewSpeechDetector = path.NewSpeechDetector };
        classified.StartClassifier(new AnswerClassifierOptions(), answered: true);
        Assert.Same(made[1], classified.ClassifierSpeech);
        classified.PlayPrompt(Load("prompts", "prinyat-fax.wav"), new ReplyDetectorOptions());
        Assert.Same(made[1], classified.ReplySpeech); // the reply keeps the classifier's detector
        Assert.Equal(2, made.Count);
    }
}
