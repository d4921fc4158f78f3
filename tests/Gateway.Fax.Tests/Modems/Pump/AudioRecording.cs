using Gateway.Fax.T30;

namespace Gateway.Fax.Tests.Modems.Pump;

/// <summary>Both directions of an <see cref="AudioFaxCall"/> as sent (before the line), for timing and level checks.</summary>
internal sealed class AudioRecording
{
    /// <summary>Our samples.</summary>
    public List<short> Sent { get; } = [];

    /// <summary>What we were sending in each 160-sample block of <see cref="Sent"/>.</summary>
    public List<(T30CommandKind? Kind, FaxModem Modem)> SentBlocks { get; } = [];

    /// <summary>spandsp's samples.</summary>
    public List<short> Received { get; } = [];

    /// <summary>
    /// The stretches of <paramref name="audio"/> that carry a signal: runs of non-zero samples separated by at least
    /// <paramref name="minSilence"/> zero samples (a modem signal never holds 0 that long; silence is exact zeros).
    /// </summary>
    public static List<(int Start, int End)> Signals(List<short> audio, int minSilence = 16)
    {
        var result = new List<(int, int)>();
        int? start = null;
        var lastActive = -1;
        for (var i = 0; i < audio.Count; i++)
        {
            if (audio[i] == 0)
            {
                if (start is { } s && i - lastActive >= minSilence)
                {
                    result.Add((s, lastActive + 1));
                    start = null;
                }
                continue;
            }
            start ??= i;
            lastActive = i;
        }
        if (start is { } open)
            result.Add((open, lastActive + 1));
        return result;
    }
}
