namespace Gateway.Calls.Media;

/// <summary>The fax modem side of the audio path: 160 samples heard in, 160 samples to send out.</summary>
public interface IFaxAudioPort
{
    void Process(ReadOnlySpan<short> heard, Span<short> toSend);
}
