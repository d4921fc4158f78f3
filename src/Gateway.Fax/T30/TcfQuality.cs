namespace Gateway.Fax.T30;

/// <summary>
/// What the physical layer measured over a received TCF: how many bits arrived and the longest run of
/// zeros. T.30 §5.3.2.1 leaves the test to the receiver; like spandsp we pass it when the longest run
/// covers at least <see cref="T30Settings.TcfMinimumZeroRun"/> (1 s) at the announced rate.
/// </summary>
public readonly record struct TcfQuality(long TotalBits, long LongestZeroRun);
