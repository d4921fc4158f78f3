namespace Gateway.Media.Rtp;

/// <summary>How a <see cref="JitterBuffer"/> chooses its playout delay.</summary>
public enum JitterBufferMode
{
    /// <summary>
    /// Constant delay: the playout clock never slips on its own. Fax modems need this: dropping or inserting
    /// 20 ms inside a V.17 or V.29 burst breaks the receiver's timing recovery (T.30 over G.711 has no
    /// tolerance for time warps), so the delay only changes on overflow or a source restart.
    /// </summary>
    Fixed,

    /// <summary>Delay follows the measured network jitter (RFC 3550 §6.4.1 estimate), for voice.</summary>
    Adaptive,
}
