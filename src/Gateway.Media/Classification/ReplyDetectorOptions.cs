namespace Gateway.Media.Classification;

/// <summary>Reply-detection settings, bound from configuration section "Media:Reply" (see docs/detection.md §Reply).</summary>
public sealed class ReplyDetectorOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Media:Reply";

    /// <summary>
    /// Shortest utterance (first to last voice frame) that counts as a reply. 100 ms, not the 160 ms first
    /// proposed: espeak-ng's "да" at 170 words/min is 111–139 ms long, and a fast real "да" is as short.
    /// </summary>
    public int MinUtteranceMs { get; set; } = 100;

    /// <summary>Voice frames an utterance must hold at least (rejects two clicks 200 ms apart).</summary>
    public int MinVoiceMs { get; set; } = 80;

    /// <summary>
    /// While our prompt or its echo is in the line, an utterance must also hold this much voice in one unbroken
    /// run: residual echo that slips through the echo gate comes as isolated 20–40 ms frames (measured on the
    /// barge-in evaluation: never 3 frames in a row in 960 echo-only prompts), a spoken "да" as a run.
    /// </summary>
    public int MinRunUnderEchoMs { get; set; } = 60;

    /// <summary>
    /// Voice that begins this soon after the prompt starts, while it plays, is no reply: the question has not been
    /// asked yet (the default prompt asks "Принять факс?" in its first 1.1 s). Such an utterance is neither a yes nor
    /// a barge-in; it is a person still saying "алло", or noise the detector has not learned yet (babble from the
    /// first frame made 43 false "yes" in 48 noise-only prompts, nearly all in the prompt's first second).
    /// </summary>
    public int QuestionMs { get; set; } = 1000;

    /// <summary>
    /// Frames a tone detector other than call progress claims inside an utterance, up to this long in a row, neither
    /// end it nor count as voice: a voiced frame can pass SIT's one-frame 950/1400/1800 Hz test and used to cut a
    /// 100 ms "да" to 80 ms (of 288 replies in babble and white noise, 67 held a claimed frame). A longer tone still
    /// breaks the utterance; call-progress tones (busy after a hang-up) are never bridged.
    /// </summary>
    public int ToneBridgeMs { get; set; } = 60;

    /// <summary>
    /// A yes must stand this far above the line around it when that line fluctuates (babble): the mean level of its two
    /// loudest voice frames over the upper quartile of the frame levels in the 500 ms before it and the silence after it
    /// (<c>ReplyDetector.Contrast.cs</c>). Babble alone made a "yes" in 16 of 1,200 held-out noise-only prompts without
    /// it, 0 with it (docs/detection.md, session 5). A very negative value (with <see cref="MinSteadyContrastDb"/>) turns the rule off.
    /// </summary>
    public double MinContrastDb { get; set; } = 7;

    /// <summary>As <see cref="MinContrastDb"/> where the line around the utterance is steady noise: over the context's median.</summary>
    public double MinSteadyContrastDb { get; set; } = 5;

    /// <summary>
    /// As <see cref="MinContrastDb"/> where the line fluctuates but its background is <em>dense</em> (session 8,
    /// <c>ReplyDetector.Dense.cs</c>): the built-in VAD's 3 s model of the background spans at most
    /// <see cref="DenseBackgroundSpreadDb"/> from its 10th to its 90th percentile — babble of many talkers, with no quiet
    /// gaps in which one far talker's syllable can stand out. There a yes needs this much over the context's upper quartile
    /// (the unsure band and <see cref="SingleYesContrastDb"/> move down with it). Chosen on the tuning set (docs/detection.md,
    /// "Session 8: reply in noise").
    /// </summary>
    public double DenseContrastDb { get; set; } = 5;

    /// <summary>
    /// The background counts as dense (<see cref="DenseContrastDb"/>) when the spread of its frame levels over the last 3 s,
    /// 90th less 10th percentile, is at most this (dB): the corpus babble behind a reply 6.5–10 dB, a crowd of 4–7 talkers
    /// 10.5–39 dB, white noise 1–3.5 dB (steady noise, under 4 dB, is never dense). 0 turns it off (session 7's behaviour).
    /// Needs the built-in DSP VAD (its background histogram) and 2 s of background frames in it; never for an utterance
    /// heard while the echo gate was active (over the prompt).
    /// </summary>
    public double DenseBackgroundSpreadDb { get; set; } = 10;

    /// <summary>
    /// An utterance after the prompt that meets every rule of a yes but misses its contrast (<see cref="MinContrastDb"/> or
    /// <see cref="MinSteadyContrastDb"/>) by at most this much (dB) is <em>unsure</em>: a "да" in loud babble, or a syllable
    /// of the babble. With a replay left the detector asks for the prompt again (<see cref="ReplyKind.ReplayPrompt"/>,
    /// reason <c>UNSURE</c>) instead of dropping it (<c>ReplyDetector.Repeat.cs</c>, docs/detection.md session 6). 0 turns it off.
    /// </summary>
    public double UnsureMarginDb { get; set; } = 2;

    /// <summary>
    /// Where the line around the utterance fluctuates (babble), a single utterance is a yes at once only from this contrast
    /// (dB over the context's upper quartile); from <see cref="MinContrastDb"/> − <see cref="UnsureMarginDb"/> up to here it
    /// is unsure (a replay, then a matching repeat). Equal to <see cref="MinContrastDb"/>: only the margin under it is unsure.
    /// </summary>
    public double SingleYesContrastDb { get; set; } = 7;

    /// <summary>
    /// After an unsure utterance and the replay it asked for, a second unsure utterance is a yes when it repeats the first:
    /// the mean of its two loudest voice frames within this many dB of the first's, and a length within a factor of
    /// <see cref="RepeatLengthRatio"/> (the person says the same word again; noise rarely makes two such syllables that
    /// match). Negative: a repeat must clear the full contrast like any yes.
    /// </summary>
    public double RepeatMatchDb { get; set; } = 4;

    /// <summary>
    /// The repeat must begin within this long after the replayed prompt ends (ms): an answer to a yes/no question follows
    /// it within about a second (Stivers et al. 2009, PNAS 106:10587, turn-taking in ten languages), while a syllable of
    /// the babble may come at any time of the 5 s window. A later repeat is judged like any utterance. 1500 ms, not the
    /// 2500 ms first tried: the one false "yes" the repeat rule made in 600 crowd-only tuning prompts, decided 3.0 s after
    /// the replayed question ended, is gone at 1500 ms; the evaluation's repeats begin 200–1000 ms after it
    /// (docs/detection.md, session 6).
    /// </summary>
    public int RepeatWithinMs { get; set; } = 1500;

    /// <summary>The repeat's length may differ from the first unsure utterance's by this factor at most (see <see cref="RepeatMatchDb"/>).</summary>
    public double RepeatLengthRatio { get; set; } = 2;

    /// <summary>
    /// Where the line around an utterance fluctuates (babble, a crowd), a single utterance is a yes at once only when it
    /// begins while the question is asked (a barge-in) or within this long after the prompt has ended (ms): the slot in which an answer to a yes/no question comes
    /// (Stivers et al. 2009, PNAS 106:10587: answers follow the question within about a second; the same source as
    /// <see cref="RepeatWithinMs"/>). A syllable of a crowd can come at any time of the 5 s window; one that clears the
    /// contrast later than the slot is unsure (a replay and a matching repeat, <c>ReplyDetector.Repeat.cs</c>)
    /// instead of a yes. Over steady noise the slot does not apply. 0 turns it off (session 6's behaviour). Chosen on the
    /// tuning set's crowd (docs/detection.md, session 7).
    /// </summary>
    public int AnswerSlotMs { get; set; } = 1500;

    /// <summary>
    /// Runs the per-frame voicing analysis (<c>Dsp/Periodicity</c>, <c>ReplyDetector.Voicing.cs</c>) for diagnostics. Off by
    /// default: no reply rule uses it (session 7 measured it and found that it does not tell a "да" in babble from a crowd
    /// talker's syllable on this corpus, docs/detection.md), so production does not pay for it per frame.
    /// </summary>
    public bool AnalyseVoicing { get; set; }

    /// <summary>
    /// Frames right before an utterance's first voice frame that count as its start when the VAD's probability reached
    /// <see cref="OnsetHoldProbability"/> in them (session 8, <c>ReplyDetector.Onset.cs</c>): the VAD's hold applied backwards,
    /// so a "да" whose consonant and rising vowel sit under the onset threshold keeps its length. Never while the echo gate is
    /// active. 0 turns it off (session 7's behaviour).
    /// </summary>
    public int OnsetHoldFrames { get; set; } = 2;

    /// <summary>
    /// The VAD probability from which a frame before an utterance counts as its onset (<see cref="OnsetHoldFrames"/>): 1/6, the DSP
    /// VAD's hold level once in speech (2.5 dB over its reference: probability (2.5 − 1.5) / 6).
    /// </summary>
    public double OnsetHoldProbability { get; set; } = 1.0 / 6;

    /// <summary>
    /// The widest background (the DSP VAD's 3 s spread, 90th less 10th percentile, dB) over which the onset hold applies
    /// (<see cref="OnsetHoldFrames"/>); 0: the dense-babble bound, <see cref="DenseBackgroundSpreadDb"/> (session 8).
    /// </summary>
    public double OnsetHoldMaxSpreadDb { get; set; }

    /// <summary>Whether held onset frames over a background wider than the dense bound count as voice too (not only as length).</summary>
    public bool OnsetHoldWideVoice { get; set; } = true;

    /// <summary>
    /// A background talker's syllable (session 9, <c>ReplyDetector.Talker.cs</c>): over a fluctuating context an utterance after
    /// which the line stays this periodic (NCCF, 0–1) at its last pitch period within 100 ms, and whose peak stands less than
    /// <see cref="BackgroundTalkerOverLoudestDb"/> over the loudest line frame of the 2 s before it, is no yes at once (unsure:
    /// a replay) and cannot confirm an unsure reply. 0 turns the rule off (session 8's behaviour).
    /// </summary>
    public double BackgroundTalkerContinuity { get; set; } = 0.8;

    /// <summary>See <see cref="BackgroundTalkerContinuity"/>: how far (dB) over the line's loudest frame of the last 2 s an utterance clears the rule.</summary>
    public double BackgroundTalkerOverLoudestDb { get; set; } = 2;

    /// <summary>
    /// See <see cref="BackgroundTalkerContinuity"/>: an utterance whose voice frames make up less than this share of its span is
    /// scattered background peaks, a background talker's too when no louder than the line has been (0: only continuity counts).
    /// </summary>
    public double BackgroundTalkerMinVoiceShare { get; set; } = 0.3;

    /// <summary>Longest utterance that counts as "yes"; longer is "long speech" (replay the prompt).</summary>
    public int MaxUtteranceMs { get; set; } = 2000;

    /// <summary>Silence that ends an utterance.</summary>
    public int EndSilenceMs { get; set; } = 300;

    /// <summary>Voice during the prompt that stops it (barge-in).</summary>
    public int BargeInMs { get; set; } = 160;

    /// <summary>How long to wait for a reply after the prompt ends.</summary>
    public int ReplyWindowMs { get; set; } = 5000;

    /// <summary>How many times the prompt may be replayed (after long speech or no reply).</summary>
    public int MaxReplays { get; set; } = 1;

    /// <summary>DTMF digit that means yes ('\0' to disable).</summary>
    public char YesDigit { get; set; } = '1';

    /// <summary>DTMF digit that means no ('\0' to disable).</summary>
    public char NoDigit { get; set; } = '2';

    /// <summary>
    /// Drop the utterance in progress when the echo path changes under the canceller (<c>SpeechDetector.EchoPathChanged</c>):
    /// it may be the new path's echo (session 7, docs/detection.md). False: session 6's behaviour.
    /// </summary>
    public bool DropOnEchoPathChange { get; set; } = true;

    /// <summary>
    /// An utterance with <see cref="MinVoiceMs"/> of voice frames this far (dB) over the raw echo the line's own ERL predicts
    /// is kept through an echo path change (<see cref="DropOnEchoPathChange"/>); +∞: every utterance in progress is dropped.
    /// </summary>
    public double EchoPathKeepClearanceDb { get; set; } = 6;

    /// <summary>
    /// The word check of a reply (session 7, <c>ReplyDetector.Words.cs</c>): <see cref="Words.WordCheck.RejectNo"/> declines on a
    /// "нет", <see cref="Words.WordCheck.Require"/> also takes only the yes family as a yes and asks again after anything else
    /// ("алло?"). Default <see cref="Words.WordCheck.RejectNo"/> since session 9: a decline needs the model's "нет" and the
    /// vowel's formants (<see cref="WordNoFrontness"/>) to agree, and then declined no yes-family reply on any set measured —
    /// 0 of 288 + 288 espeak-ng (tuning, held-out), 0 of 216 Festival (session 7's rule: 22) — and, with no decline over our
    /// prompt's echo, no "да" was lost in the noise and barge-in evaluations, while declining 58 / 46 / 26 of 72 / 72 / 54 "нет". <see cref="Words.WordCheck.Require"/> stays
    /// off: the model, trained on espeak-ng voices only, hears 93 of 216 Festival "да" as no yes. docs/detection.md,
    /// "Session 9: word check".
    /// </summary>
    public Words.WordCheck WordCheck { get; set; } = Words.WordCheck.RejectNo;

    /// <summary>
    /// Probability of "нет" (0–1) from which the word check declines. 0.9, not 0.8: one "да" in babble at 5 dB of the tuning set
    /// scored 0.8–0.9 as "нет" and was declined (a lost fax); under 0.9 a "нет" is still no yes with <see cref="Words.WordCheck.Require"/>.
    /// </summary>
    public double WordNoProbability { get; set; } = 0.9;

    /// <summary>
    /// Session 9: a "нет" declines only when the vowel of the utterance's first loud syllable is front and close-mid like the
    /// /e/ of "нет": log2(F2/F1) of its formants (<see cref="Words.WordCues.Frontness"/>) at least this. The /a/ of "да" and
    /// "ага" measures 0.4–1.2 (≤ 1.9 in 1 of 50 noisy espeak-ng "да, да"), the /e/ of "нет" 1.8–2.3 on espeak-ng's train
    /// voices (1.2 and up in babble). A ratio of formants does not depend on the speaker's vocal-tract length, so it holds
    /// where the learnt model does not (a Festival "да" scored "нет"). 0 turns the check off; an utterance whose vowel could
    /// not be measured is never declined while it is on. docs/detection.md, "Session 9: word check".
    /// </summary>
    public double WordNoFrontness { get; set; } = 1.5;

    /// <summary>
    /// Session 9: a "нет" also declines, whatever the model's confidence over <see cref="WordMurmurNoProbability"/>, when at least
    /// this much of a nasal's murmur (ms; <see cref="Words.WordCues.MurmurMs"/>) comes right before a front vowel
    /// (<see cref="WordNoFrontness"/>): the /nʲe/ of "нет". On espeak-ng's train voices, the tuning set and 462 real short words
    /// (asterisk-core-sounds-ru-wav) no yes-family reply and 2 real words have both; 30–40 % of "нет" do. 0 turns it off.
    /// </summary>
    public int WordNoMurmurMs { get; set; } = 30;

    /// <summary>Session 9: the least probability of "нет" (0–1) the murmur rule (<see cref="WordNoMurmurMs"/>) needs; 0.2 keeps "не понял" out.</summary>
    public double WordMurmurNoProbability { get; set; } = 0.2;

    /// <summary>
    /// With <see cref="Words.WordCheck.Require"/>: probability of the yes family (0–1) a yes needs. 0.3 (tuning set): the yes
    /// family's replies in noise score 0.3–0.5 now and then, an "алло" or a "нет" rarely over 0.1.
    /// </summary>
    public double WordYesProbability { get; set; } = 0.3;
}
