namespace Gateway.Media.Classification;

/// <summary>
/// Frame levels heard since answer, in 1 dB bins (allocation-free after construction), for the answer classifier's
/// own view of the line's floor: a low percentile of every frame is the background between and before the words,
/// whatever the VAD's reference did meanwhile.
/// </summary>
internal sealed class AnswerClassifierLevels
{
    /// <summary>Frames below this (a lost packet decoded as zeros) are not the line's noise.</summary>
    public const int LowestDbm0 = -90;
    private readonly int[] _bins = new int[-LowestDbm0 + 10];
    private int _count;

    public int Count => _count;

    public void Add(double dbm0)
    {
        if (double.IsNaN(dbm0) || dbm0 < LowestDbm0)
        {
            return;
        }

        _bins[Math.Min((int)(dbm0 - LowestDbm0), _bins.Length - 1)]++;
        _count++;
    }

    /// <summary>The level below which <paramref name="fraction"/> of the frames fell (bin centre), or −∞ with none.</summary>
    public double Percentile(double fraction)
    {
        if (_count == 0)
        {
            return double.NegativeInfinity;
        }

        var target = Math.Max(1, (int)Math.Ceiling(fraction * _count));
        var seen = 0;
        for (var i = 0; i < _bins.Length; i++)
        {
            seen += _bins[i];
            if (seen >= target)
            {
                return LowestDbm0 + i + 0.5;
            }
        }

        return 0;
    }

    public void Reset()
    {
        Array.Clear(_bins);
        _count = 0;
    }
}
