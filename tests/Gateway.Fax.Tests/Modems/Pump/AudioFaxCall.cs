using Gateway.Fax.Modems.Pump;
using Gateway.Fax.T30;
using Gateway.Media.Codecs;
using Gateway.Testing.SpanDsp;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Fax.Tests.Modems.Pump;

/// <summary>
/// One audio fax between our <see cref="FaxModemPump"/> and a libspandsp audio terminal, 160 samples (20 ms)
/// per step in simulated time, through G.711 and an optional noisy/drifting/lossy line. With a
/// <paramref name="trace"/>, dropped frames and spandsp's log lines (if its logging is on) are added to it with the
/// simulated time, interleaved with whatever else the caller traces there.
/// </summary>
public sealed class AudioFaxCall(FakeTimeProvider time, FaxModemPump ours, SpanDspAudioFax theirs, LineModel line, List<string>? trace = null)
{
    private readonly Random _rng = new(line.Seed);
    private readonly Resampler? _resampler = line.Ppm != 0 ? new Resampler(line.Ppm) : null;
    private readonly double _gain = Math.Pow(10, -line.LossDb / 20);
    private readonly Dictionary<(T30CommandKind, bool), int> _occurrences = [];
    private readonly SignalGate _gateToUs = new();
    private readonly SignalGate _gateToThem = new();
    private readonly bool[] _mask = new bool[160];
    private T30CommandKind? _transmitting;
    private bool _transmittingImage;
    private int _transmittingOccurrence;
    private TimeSpan _transmittingSince;

    public TimeSpan Elapsed { get; private set; }

    /// <summary>If set, every sample we send is appended here (before the line touches it).</summary>
    public List<short>? Sent { get; init; }

    /// <summary>If set, what we were sending in each 160-sample block of <see cref="Sent"/> (after the block was filled).</summary>
    public List<(T30CommandKind? Kind, FaxModem Modem)>? SentBlocks { get; init; }

    /// <summary>If set, every sample spandsp sends is appended here (before the line touches it).</summary>
    public List<short>? Received { get; init; }

    /// <summary>Our transmissions in order: kind, modem and whether V.17 used the short training.</summary>
    public List<(T30CommandKind Kind, FaxModem Modem, bool ShortTraining)> Transmissions { get; } = [];

    /// <summary>When each of <see cref="Transmissions"/> started and ended (simulated time, 20 ms resolution).</summary>
    public List<(TimeSpan Start, TimeSpan End)> TransmissionTimes { get; } = [];

    /// <summary>Runs until both ends finished or <paramref name="limit"/> of simulated time passed.</summary>
    public bool Run(TimeSpan limit)
    {
        var fromThem = new short[160];
        var toThem = new short[160];
        var step = TimeSpan.FromMilliseconds(20);
        ours.Start();
        var tail = 0;
        while (Elapsed < limit)
        {
            theirs.Transmit(fromThem);
            Received?.AddRange(fromThem);
            Channel(fromThem, toUs: true);
            ours.Process(fromThem, toThem);
            TrackTransmission();
            Sent?.AddRange(toThem);
            SentBlocks?.Add((ours.Transmitting, ours.TransmittingModem));
            Channel(toThem, toUs: false);
            ApplyBursts(toThem);
            theirs.Receive(toThem);
            if (trace is not null)
            {
                // The bit-by-bit decode of DIS/DCS ("  .... ...1= ...") would drown the rest.
                foreach (var l in SpanDspAudioFax.Log.Where(l => !l.Contains("....", StringComparison.Ordinal)))
                    trace.Add($"{Elapsed.TotalSeconds:F2} spandsp {l}");
                SpanDspAudioFax.Log.Clear();
            }
            time.Advance(step);
            Elapsed += step;
            if (ours.IsCompleted && theirs.CompletionCode is not null && ++tail > 50)
                return true;
        }
        return false;
    }

    private void TrackTransmission()
    {
        var now = ours.Transmitting;
        var image = ours.TransmittingModem != FaxModem.V21;
        if (now == _transmitting && image == _transmittingImage)
            return;
        if (_transmitting is not (null or T30CommandKind.Silence))
            TransmissionTimes[^1] = (TransmissionTimes[^1].Start, Elapsed);
        _transmitting = now;
        _transmittingImage = image;
        _transmittingSince = Elapsed;
        if (now is { } k and not T30CommandKind.Silence)
        {
            Transmissions.Add((k, ours.TransmittingModem, ours.TransmittingShortTraining));
            TransmissionTimes.Add((Elapsed, Elapsed));
        }
        if (now is { } kind)
            _occurrences[(kind, image)] = _transmittingOccurrence = _occurrences.GetValueOrDefault((kind, image)) + 1;
    }

    private void ApplyBursts(short[] block)
    {
        if (line.Bursts is null || _transmitting is not { } kind)
            return;
        var into = Elapsed - _transmittingSince;
        foreach (var burst in line.Bursts)
        {
            if (burst.Kind != kind || burst.ImageModem != _transmittingImage || burst.Occurrence != _transmittingOccurrence || into < burst.From || into >= burst.To)
                continue;
            if (burst.SnrDb is { } snr)
                Noise.Add(block, snr, -10 - line.LossDb, _rng.Next());
            else
                Array.Clear(block);
        }
    }

    private void Channel(short[] block, bool toUs)
    {
        // Noise either rides on the signal only (the SNR while a modem sends: where it has energy, or, in the
        // session-3 model, over whole 20 ms frames with some signal) or is a continuous floor.
        if (!toUs)
            _resampler?.Process(block);
        var signal = Gateway.Fax.Modems.Dsp.Level.Measure(block) > -50;
        var mask = _mask.AsSpan(0, block.Length);
        var withSignal = (toUs ? _gateToUs : _gateToThem).Mark(block, mask);
        if (line.LossDb != 0)
        {
            for (var i = 0; i < block.Length; i++)
                block[i] = (short)Math.Round(block[i] * _gain);
        }
        // The random draws do not depend on the gating model, so the drops of a seed stay where they were.
        if (!line.GatedNoise || signal)
        {
            var seed = _rng.Next();
            if (!line.GatedNoise || line.FrameGatedNoise)
                Noise.Add(block, line.SnrDb, -10 - line.LossDb, seed);
            else if (withSignal > 0)
                Noise.Add(block, line.SnrDb, -10 - line.LossDb, seed, mask);
        }
        var direction = toUs ? DropDirection.ToUs : DropDirection.ToThem;
        var drop = line.DropProbability > 0 && _rng.NextDouble() < line.DropProbability;
        if (drop && (line.Drops == DropDirection.Both || line.Drops == direction))
        {
            Array.Clear(block);
            trace?.Add($"{Elapsed.TotalSeconds:F2} line drops 20 ms {(toUs ? "to us" : "to them")} (we send {ours.Transmitting?.ToString() ?? "nothing"} {(ours.Transmitting is null ? "" : ours.TransmittingModem.ToString())})");
        }
        G711.RoundTrip(block, line.Law == "alaw" ? G711Law.ALaw : G711Law.MuLaw);
    }
}
