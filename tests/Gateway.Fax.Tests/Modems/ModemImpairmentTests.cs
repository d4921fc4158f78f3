using System.Globalization;
using System.Text;
using Gateway.Fax.Modems;
using Gateway.Fax.Tests.Modems.Pump;
using Gateway.Testing.SpanDsp;
using Xunit;

namespace Gateway.Fax.Tests.Modems;

/// <summary>
/// Our transmitters and libspandsp's own, through the same impaired line into libspandsp's receivers: separates
/// what our modulators cause from what the reference receiver cannot handle. The full table is an evaluation:
/// GATEWAY_MODEM_EVAL=20 dotnet test --project tests/Gateway.Fax.Tests -c Release -- --filter-method "*Evaluation_modem*"
/// (table in $TMP/gateway-modem-eval.md).
/// </summary>
public sealed class ModemImpairmentTests(ITestOutputHelper output)
{
    /// <summary>A modem line impairment: noise (dBm0 floor, before and/or during the signal), clock offset, receive level.</summary>
    /// <remarks>
    /// "signal only" adds the noise over the whole transmission, from its first sample, including the 20 ms of no
    /// energy some trainings begin with (V.27 ter segment 2, V.29 segment 1); "where the signal has energy" gates it
    /// sample by sample (<see cref="SignalGate"/>), as noise riding on the signal would.
    /// </remarks>
    public sealed record Impairment(string Name, double SnrDb = double.PositiveInfinity, int LeadSamples = 0, bool NoiseInLead = true, double Ppm = 0, double LossDb = 0, bool SampleGated = false);

    internal static readonly Impairment[] Impairments =
    [
        new("clean"),
        new("30 dB, signal only", 30, NoiseInLead: false, LeadSamples: 800),
        new("25 dB, signal only", 25, NoiseInLead: false, LeadSamples: 800),
        new("20 dB, signal only", 20, NoiseInLead: false, LeadSamples: 800),
        new("30 dB, noise 100 ms before (floor −40 dBm0)", 30, LeadSamples: 800),
        new("30 dB, noise 100 ms before, 14 dB loss (floor −54 dBm0)", 30, LeadSamples: 800, LossDb: 14),
        new("20 dB, noise 100 ms before, 14 dB loss (floor −44 dBm0)", 20, LeadSamples: 800, LossDb: 14),
        new("received at −30 dBm0 (20 dB loss), clean", LossDb: 20),
        new("+50 ppm", Ppm: 50),
        new("−50 ppm", Ppm: -50),
        new("30 dB, where the signal has energy", 30, NoiseInLead: false, LeadSamples: 800, SampleGated: true),
        new("25 dB, where the signal has energy", 25, NoiseInLead: false, LeadSamples: 800, SampleGated: true),
        new("20 dB, where the signal has energy", 20, NoiseInLead: false, LeadSamples: 800, SampleGated: true),
    ];

    internal static SpanDspModemKind Kind(string modem) => modem switch
    {
        "V27ter" => SpanDspModemKind.V27ter,
        "V29" => SpanDspModemKind.V29,
        _ => SpanDspModemKind.V17,
    };

    /// <summary>Renders one transmission (ours or spandsp's) of <paramref name="data"/>.</summary>
    internal static short[] Transmit(bool ours, string modem, int rate, byte[] data, bool shortTraining)
    {
        if (ours)
            return TestBits.Render(SpanDspReceiverInteropTests.Create(modem, rate, new TestBits(data), shortTraining));
        using var tx = new SpanDspModemTransmitter(Kind(modem), rate, data);
        if (shortTraining)
            tx.Restart(data, shortTraining: true);
        var all = new List<short>();
        var block = new short[160];
        int n;
        while ((n = tx.Transmit(block)) > 0 && all.Count < 8000 * 150)
            all.AddRange(block.AsSpan(0, n));
        return [.. all];
    }

    /// <summary>Passes one transmission through <paramref name="impairment"/> into spandsp's receiver; returns (trained, bit errors).</summary>
    internal static (bool Trained, int Errors) Receive(short[] signal, byte[] data, string modem, int rate, Impairment impairment, bool shortTraining, int seed)
    {
        var line = new short[impairment.LeadSamples + signal.Length + 1600];
        var gain = Math.Pow(10, -impairment.LossDb / 20);
        for (var i = 0; i < signal.Length; i++)
            line[impairment.LeadSamples + i] = (short)Math.Round(signal[i] * gain);
        var noisy = impairment.NoiseInLead ? line.AsSpan(0, impairment.LeadSamples + signal.Length) : line.AsSpan(impairment.LeadSamples, signal.Length);
        if (impairment.SampleGated)
        {
            var mask = new bool[noisy.Length];
            new SignalGate().Mark(noisy, mask);
            Noise.Add(noisy, impairment.SnrDb, -10 - impairment.LossDb, seed, mask);
        }
        else
        {
            var chunk = noisy.ToArray();
            Noise.Add(chunk, impairment.SnrDb, -10 - impairment.LossDb, seed);
            chunk.CopyTo(noisy);
        }
        if (impairment.Ppm != 0)
        {
            var resampler = new Resampler(impairment.Ppm);
            var block = new short[160];
            for (var i = 0; i + 160 <= line.Length; i += 160)
            {
                line.AsSpan(i, 160).CopyTo(block);
                resampler.Process(block);
                block.CopyTo(line, i);
            }
        }
        using var rx = new SpanDspModemReceiver(Kind(modem), rate);
        if (shortTraining)
        {
            // The receiver has been trained before (long training at this rate, same level), as after TCF.
            var lead = Transmit(ours: false, modem, rate, TestBits.Random(rate / 4, seed + 1), shortTraining: false);
            for (var i = 0; i < lead.Length; i++)
                lead[i] = (short)Math.Round(lead[i] * gain);
            for (var i = 0; i < lead.Length; i += 160)
                rx.Receive(lead.AsSpan(i, Math.Min(160, lead.Length - i)));
            rx.Receive(new short[800]);
            rx.RestartV17(rate, shortTraining: true);
            rx.Statuses.Clear();
            rx.Bits.Clear();
        }
        for (var i = 0; i < line.Length; i += 160)
            rx.Receive(line.AsSpan(i, Math.Min(160, line.Length - i)));
        var start = TestBits.IndexOf(rx.Bits, data, 48);
        if (!rx.Trained || start < 0)
            return (rx.Trained, data.Length);
        var errors = 0;
        for (var i = 0; i < data.Length; i++)
            errors += start + i >= rx.Bits.Count || rx.Bits[start + i] != data[i] ? 1 : 0;
        return (true, errors);
    }

    internal static (int Trained, long Errors) Run(bool ours, string modem, int rate, Impairment impairment, bool shortTraining, int calls, double seconds = 2)
    {
        int trained = 0;
        long errors = 0;
        for (var seed = 1; seed <= calls; seed++)
        {
            var data = TestBits.Random((int)(rate * seconds), seed);
            var (t, e) = Receive(Transmit(ours, modem, rate, data, shortTraining), data, modem, rate, impairment, shortTraining, seed * 7919);
            trained += t ? 1 : 0;
            errors += e;
        }
        return (trained, errors);
    }

    public static TheoryData<string, int, int, bool> CiCases() => new()
    {
        // modem, rate, impairment index, short training
        { "V17", 14400, 2, false },
        { "V17", 14400, 2, true },
        { "V17", 7200, 9, false },
        { "V29", 9600, 3, false },
        { "V27ter", 4800, 5, false },
        { "V27ter", 2400, 8, false },
    };

    [Theory]
    [MemberData(nameof(CiCases))]
    public void Our_transmitter_does_as_well_as_spandsps_own_through_the_same_line(string modem, int rate, int impairment, bool shortTraining)
    {
        var line = Impairments[impairment];
        var (oursTrained, oursErrors) = Run(ours: true, modem, rate, line, shortTraining, calls: 4);
        var (theirsTrained, theirsErrors) = Run(ours: false, modem, rate, line, shortTraining, calls: 4);
        Assert.True(oursTrained >= theirsTrained, $"{line.Name}: ours trained {oursTrained}/4, spandsp's own {theirsTrained}/4");
        Assert.True(oursErrors <= 2 * theirsErrors + rate / 100, $"{line.Name}: ours {oursErrors} bit errors, spandsp's own {theirsErrors}");
    }

    [Fact]
    public void Evaluation_modem_training_and_errors_ours_vs_spandsp()
    {
        var calls = int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MODEM_EVAL"), CultureInfo.InvariantCulture, out var n) ? n : 0;
        Assert.SkipWhen(calls <= 0, "Set GATEWAY_MODEM_EVAL=<transmissions per cell> to run the evaluation.");
        // Optional: GATEWAY_MODEM_EVAL_SECONDS (data per transmission, default 2) and GATEWAY_MODEM_EVAL_ONLY (e.g. "V27ter").
        var seconds = double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MODEM_EVAL_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 2;
        var only = Environment.GetEnvironmentVariable("GATEWAY_MODEM_EVAL_ONLY");
        var modems = new (string Modem, int Rate, bool Short)[]
        {
            ("V17", 14400, false), ("V17", 14400, true), ("V17", 12000, false), ("V17", 9600, false), ("V17", 7200, false), ("V17", 7200, true),
            ("V29", 9600, false), ("V29", 7200, false), ("V27ter", 4800, false), ("V27ter", 2400, false),
        }.Where(m => only is null || m.Modem == only).ToArray();
        var report = new StringBuilder($"{calls} transmissions of {seconds} s of random data per cell; trained ours/spandsp's own, bit errors ours/spandsp's own\n\n| line |");
        foreach (var m in modems)
            report.Append(CultureInfo.InvariantCulture, $" {m.Modem} {m.Rate}{(m.Short ? " short" : "")} |");
        report.Append("\n|---|").Append(string.Concat(Enumerable.Repeat("---|", modems.Length))).Append('\n');
        foreach (var line in Impairments)
        {
            report.Append(CultureInfo.InvariantCulture, $"| {line.Name} |");
            foreach (var (modem, rate, shortTraining) in modems)
            {
                var ours = Run(true, modem, rate, line, shortTraining, calls, seconds);
                var theirs = Run(false, modem, rate, line, shortTraining, calls, seconds);
                report.Append(CultureInfo.InvariantCulture, $" {ours.Trained}/{theirs.Trained}; {ours.Errors}/{theirs.Errors} |");
            }
            report.Append('\n');
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "gateway-modem-eval.md"), report.ToString());
        }
        output.WriteLine(report.ToString());
    }
}
