namespace Gateway.Fax.Modems.Dsp;

/// <summary>
/// The root-raised-cosine pulse the QAM/PSK modems shape their symbols with (V.17 §2.2, V.29 §1.3 and
/// V.27 ter §2.3 ask for a raised-cosine spectrum split equally between transmitter and receiver).
/// </summary>
public static class RootRaisedCosine
{
    /// <summary>The impulse response at <paramref name="t"/> symbol periods from the centre, for roll-off <paramref name="beta"/>.</summary>
    public static double At(double t, double beta)
    {
        if (Math.Abs(t) < 1e-9)
            return 1 - beta + 4 * beta / Math.PI;
        if (beta > 0 && Math.Abs(Math.Abs(t) - 1 / (4 * beta)) < 1e-9)
        {
            var a = Math.PI / (4 * beta);
            return beta / Math.Sqrt(2) * ((1 + 2 / Math.PI) * Math.Sin(a) + (1 - 2 / Math.PI) * Math.Cos(a));
        }
        var num = Math.Sin(Math.PI * t * (1 - beta)) + 4 * beta * t * Math.Cos(Math.PI * t * (1 + beta));
        var den = Math.PI * t * (1 - (4 * beta * t) * (4 * beta * t));
        return num / den;
    }

    /// <summary>
    /// Polyphase interpolator coefficients: for each of <paramref name="phases"/> fractional positions τ = p/phases
    /// (symbol periods since the newest symbol), <paramref name="taps"/> coefficients ordered oldest to newest symbol.
    /// The pulse is centred <paramref name="taps"/>/2 symbols back.
    /// </summary>
    public static float[] Polyphase(int phases, int taps, double beta)
    {
        var c = new float[phases * taps];
        var centre = taps / 2.0;
        for (var p = 0; p < phases; p++)
        {
            var tau = (double)p / phases;
            for (var i = 0; i < taps; i++)
            {
                var age = taps - 1 - i + tau;
                c[p * taps + i] = (float)At(age - centre, beta);
            }
        }
        return c;
    }
}
