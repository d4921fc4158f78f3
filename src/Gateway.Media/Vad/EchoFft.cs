namespace Gateway.Media.Vad;

/// <summary>
/// Real FFT of one fixed even length for the frequency-domain echo canceller: a length-2M real transform computed
/// with one complex FFT of length M (the even samples as real parts, the odd as imaginary parts, then split), the
/// complex FFT a mixed-radix (4, 2, 3, 5) Stockham autosort transform, so 320 (two 20 ms frames at 8 kHz) needs
/// no padding. Allocation-free after construction; not thread-safe (one scratch buffer per instance).
/// </summary>
/// <remarks>
/// Stockham decimation in frequency (Van Loan, "Computational Frameworks for the Fast Fourier Transform", 1992,
/// §1.7): a stage of radix r on a sub-length n = r·m with stride s reads x[q + s(p + t·m)], t = 0…r−1, and writes
/// the r-point DFT of them, the u-th output turned by e^(−2πi·p·u/n), to y[q + s(r·p + u)]; after all stages the
/// result is in natural order. The real/complex split: X[k] = F_e[k] + e^(−2πik/2M)·F_o[k], with
/// F_e = (Z[k] + Z*[M−k])/2 and F_o = (Z[k] − Z*[M−k])/(2i).
/// </remarks>
internal sealed class EchoFft
{
    private readonly int _m;
    private readonly int[] _radices;
    private readonly float[][] _twRe;
    private readonly float[][] _twIm;
    private readonly float[] _splitRe;
    private readonly float[] _splitIm;
    private readonly float[] _aRe;
    private readonly float[] _aIm;
    private readonly float[] _bRe;
    private readonly float[] _bIm;
    private readonly float[] _c3;
    private readonly float[] _c5;

    /// <summary>Creates a transform of <paramref name="length"/> real samples (even; half of it a product of 2, 3 and 5).</summary>
    public EchoFft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        if (length % 2 != 0)
        {
            throw new ArgumentException("The real FFT length must be even.", nameof(length));
        }

        Length = length;
        _m = length / 2;
        var radices = new List<int>();
        var rest = _m;
        foreach (var r in new[] { 4, 2, 3, 5 })
        {
            while (rest % r == 0)
            {
                radices.Add(r);
                rest /= r;
            }
        }

        if (rest != 1)
        {
            throw new ArgumentException($"Half the FFT length ({_m}) must be a product of 2, 3 and 5.", nameof(length));
        }

        _radices = [.. radices];
        _twRe = new float[_radices.Length][];
        _twIm = new float[_radices.Length][];
        var n = _m;
        for (var st = 0; st < _radices.Length; st++)
        {
            var r = _radices[st];
            var m = n / r;
            _twRe[st] = new float[m * r];
            _twIm[st] = new float[m * r];
            for (var p = 0; p < m; p++)
            {
                for (var u = 0; u < r; u++)
                {
                    var a = -2 * Math.PI * p * u / n;
                    _twRe[st][(p * r) + u] = (float)Math.Cos(a);
                    _twIm[st][(p * r) + u] = (float)Math.Sin(a);
                }
            }

            n = m;
        }

        _splitRe = new float[_m + 1];
        _splitIm = new float[_m + 1];
        for (var k = 0; k <= _m; k++)
        {
            var a = -2 * Math.PI * k / length;
            _splitRe[k] = (float)Math.Cos(a);
            _splitIm[k] = (float)Math.Sin(a);
        }

        _aRe = new float[_m];
        _aIm = new float[_m];
        _bRe = new float[_m];
        _bIm = new float[_m];
        _c3 = Roots(3);
        _c5 = Roots(5);
    }

    /// <summary>Real samples per transform.</summary>
    public int Length { get; }

    /// <summary>Spectrum bins 0 … Length/2.</summary>
    public int Bins => _m + 1;

    /// <summary>X[k] = Σ x[n]·e^(−2πikn/Length), k = 0 … Length/2.</summary>
    public void Forward(ReadOnlySpan<float> x, Span<float> re, Span<float> im)
    {
        for (var k = 0; k < _m; k++)
        {
            _aRe[k] = x[2 * k];
            _aIm[k] = x[(2 * k) + 1];
        }

        var (zr, zi) = Transform();
        for (var k = 0; k <= _m; k++)
        {
            var k1 = k == _m ? 0 : k;
            var k2 = k == 0 ? 0 : _m - k;
            float ar = zr[k1], ai = zi[k1], br = zr[k2], bi = -zi[k2]; // Z[k], Z*[M−k]
            var er = 0.5f * (ar + br);
            var ei = 0.5f * (ai + bi);
            var or = 0.5f * (ai - bi); // (Z − Z*)/(2i)
            var oi = -0.5f * (ar - br);
            re[k] = er + (_splitRe[k] * or) - (_splitIm[k] * oi);
            im[k] = ei + (_splitRe[k] * oi) + (_splitIm[k] * or);
        }
    }

    /// <summary>The inverse of <see cref="Forward"/> (scaled by 1/Length): x from the bins of a real signal's spectrum.</summary>
    public void Inverse(ReadOnlySpan<float> re, ReadOnlySpan<float> im, Span<float> x)
    {
        for (var k = 0; k < _m; k++)
        {
            float ar = re[k], ai = im[k], br = re[_m - k], bi = -im[_m - k]; // X[k], X*[M−k]
            var er = 0.5f * (ar + br);
            var ei = 0.5f * (ai + bi);
            var dr = 0.5f * (ar - br);
            var di = 0.5f * (ai - bi);
            var or = (dr * _splitRe[k]) + (di * _splitIm[k]); // (X − X*)/2 · e^(+2πik/Length)
            var oi = (di * _splitRe[k]) - (dr * _splitIm[k]);
            // Z = F_e + i·F_o, transformed back through conj(FFT(conj(Z)))/M.
            _aRe[k] = er - oi;
            _aIm[k] = -(ei + or);
        }

        var (zr, zi) = Transform();
        var scale = 1f / _m;
        for (var k = 0; k < _m; k++)
        {
            x[2 * k] = zr[k] * scale;
            x[(2 * k) + 1] = -zi[k] * scale;
        }
    }

    // The complex FFT of (_aRe, _aIm) of length M; returns the buffers holding the result.
    private (float[] Re, float[] Im) Transform()
    {
        float[] sr = _aRe, si = _aIm, dr = _bRe, di = _bIm;
        var n = _m;
        var s = 1;
        for (var st = 0; st < _radices.Length; st++)
        {
            var r = _radices[st];
            var m = n / r;
            var twr = _twRe[st];
            var twi = _twIm[st];
            for (var p = 0; p < m; p++)
            {
                for (var q = 0; q < s; q++)
                {
                    var i0 = q + (s * p);
                    var o0 = q + (s * r * p);
                    switch (r)
                    {
                        case 4:
                            Radix4(sr, si, dr, di, i0, s * m, o0, s, twr, twi, p * 4);
                            break;
                        case 2:
                            Radix2(sr, si, dr, di, i0, s * m, o0, s, twr, twi, p * 2);
                            break;
                        default:
                            RadixOdd(sr, si, dr, di, i0, s * m, o0, s, twr, twi, p * r, r, r == 3 ? _c3 : _c5);
                            break;
                    }
                }
            }

            n = m;
            s *= r;
            (sr, dr) = (dr, sr);
            (si, di) = (di, si);
        }

        return (sr, si);
    }

    private static void Radix2(float[] sr, float[] si, float[] dr, float[] di, int i0, int stride, int o0, int os, float[] twr, float[] twi, int t)
    {
        float ar = sr[i0], ai = si[i0], br = sr[i0 + stride], bi = si[i0 + stride];
        dr[o0] = ar + br;
        di[o0] = ai + bi;
        Turn(ar - br, ai - bi, twr[t + 1], twi[t + 1], dr, di, o0 + os);
    }

    private static void Radix4(float[] sr, float[] si, float[] dr, float[] di, int i0, int stride, int o0, int os, float[] twr, float[] twi, int t)
    {
        float a0r = sr[i0], a0i = si[i0];
        float a1r = sr[i0 + stride], a1i = si[i0 + stride];
        float a2r = sr[i0 + (2 * stride)], a2i = si[i0 + (2 * stride)];
        float a3r = sr[i0 + (3 * stride)], a3i = si[i0 + (3 * stride)];
        float t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
        float t2r = a1r + a3r, t2i = a1i + a3i, t3r = a1r - a3r, t3i = a1i - a3i;
        dr[o0] = t0r + t2r;
        di[o0] = t0i + t2i;
        Turn(t1r + t3i, t1i - t3r, twr[t + 1], twi[t + 1], dr, di, o0 + os); // t1 − i·t3
        Turn(t0r - t2r, t0i - t2i, twr[t + 2], twi[t + 2], dr, di, o0 + (2 * os));
        Turn(t1r - t3i, t1i + t3r, twr[t + 3], twi[t + 3], dr, di, o0 + (3 * os)); // t1 + i·t3
    }

    // The r-point DFT by its definition (r = 3 or 5: once per transform of 320).
    private static void RadixOdd(float[] sr, float[] si, float[] dr, float[] di, int i0, int stride, int o0, int os, float[] twr, float[] twi, int t, int r, float[] roots)
    {
        for (var u = 0; u < r; u++)
        {
            float accR = 0, accI = 0;
            for (var k = 0; k < r; k++)
            {
                var w = (k * u) % r;
                float wr = roots[2 * w], wi = roots[(2 * w) + 1];
                float xr = sr[i0 + (k * stride)], xi = si[i0 + (k * stride)];
                accR += (xr * wr) - (xi * wi);
                accI += (xr * wi) + (xi * wr);
            }

            Turn(accR, accI, twr[t + u], twi[t + u], dr, di, o0 + (u * os));
        }
    }

    private static void Turn(float re, float im, float wr, float wi, float[] dr, float[] di, int o)
    {
        dr[o] = (re * wr) - (im * wi);
        di[o] = (re * wi) + (im * wr);
    }

    private static float[] Roots(int r)
    {
        var roots = new float[2 * r];
        for (var k = 0; k < r; k++)
        {
            roots[2 * k] = (float)Math.Cos(-2 * Math.PI * k / r);
            roots[(2 * k) + 1] = (float)Math.Sin(-2 * Math.PI * k / r);
        }

        return roots;
    }
}
