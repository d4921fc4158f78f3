using Gateway.Media.Vad;

namespace Gateway.Media.Tests.Classification;

/// <summary>Voice exactly where the script says (for tests of the reply and answer rules, not of the VAD).</summary>
internal sealed class ScriptedVad(Func<int, bool> voice) : IVoiceActivityDetector
{
    private int _frame;

    public string Name => "scripted";

    public float Process(ReadOnlySpan<short> frame) => voice(_frame++) ? 1 : 0;

    public void Reset() => _frame = 0;
}
