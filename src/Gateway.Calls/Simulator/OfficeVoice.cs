using Gateway.Media.Codecs;
using Gateway.Media.Prompts;
using Gateway.Media.Rtp;
using Gateway.Media.Transport;

namespace Gateway.Calls.Simulator;

/// <summary>
/// The simulated office's ear and mouth on RTP: it says its greeting, waits until the caller has spoken
/// (the prompt) and gone quiet, then gives its reply once. Energy-based on purpose: the simulator stands
/// in for a person, it does not test our detectors with our detectors.
/// </summary>
internal sealed class OfficeVoice(G711Law law, Prompt? greeting, Prompt? reply, Action? replied, bool speakAtOnce = false) : IRtpAudioHandler
{
    private readonly short[] _heard = new short[160];
    private Prompt? _speaking = greeting;
    private int _frame = speakAtOnce ? 0 : -20; // a person lifts the handset and speaks about 400 ms later; a machine at once
    private bool _heardSpeech;
    private int _quietFrames;
    private bool _replied;

    public void OnFrame(ReadOnlySpan<byte> received, RtpFrameKind kind, Span<byte> toSend)
    {
        Span<short> out16 = stackalloc short[160];
        if (_speaking is { } clip && _frame < 0)
        {
            out16.Clear();
            _frame++;
        }
        else if (_speaking is { } speaking && _frame < speaking.FrameCount)
        {
            speaking.LinearFrame(_frame++).CopyTo(out16);
        }
        else
        {
            out16.Clear();
            _speaking = null;
        }

        G711.Encode(out16, toSend, law);
        if (kind is not (RtpFrameKind.Audio or RtpFrameKind.PartlyLost) || _replied || reply is null || _speaking is not null)
        {
            return;
        }

        G711.Decode(received, _heard, law);
        double power = 0;
        foreach (short s in _heard)
        {
            power += s * (double)s;
        }

        bool loud = power / 160 > 200.0 * 200.0; // about -40 dBm0
        if (loud)
        {
            _heardSpeech = true;
            _quietFrames = 0;
        }
        else if (_heardSpeech && ++_quietFrames >= 30)
        {
            // 600 ms of quiet after the caller spoke: the prompt is over, answer it.
            _replied = true;
            _speaking = reply;
            _frame = 0;
            replied?.Invoke();
        }
    }
}
