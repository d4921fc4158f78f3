using System.Numerics;
using System.Runtime.InteropServices;

namespace Gateway.Media.Vad;

/// <summary>Vectorised double-precision kernels of the least-squares echo canceller stage (no allocation, any alignment).</summary>
internal static class EchoCancellerMath
{
    /// <summary>Σ a[i]·b[i] over the shorter length of the two.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = Math.Min(a.Length, b.Length);
        a = a[..n];
        b = b[..n];
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
        var acc0 = Vector<double>.Zero;
        var acc1 = Vector<double>.Zero;
        var i = 0;

        // Two accumulators: the loop is bound by the add latency, not by the loads.
        for (; i + 1 < va.Length; i += 2)
        {
            acc0 += va[i] * vb[i];
            acc1 += va[i + 1] * vb[i + 1];
        }

        if (i < va.Length)
        {
            acc0 += va[i] * vb[i];
        }

        var sum = Vector.Sum(acc0 + acc1);
        for (var k = va.Length * Vector<double>.Count; k < n; k++)
        {
            sum += a[k] * b[k];
        }

        return sum;
    }

    /// <summary>y[i] += alpha·x[i].</summary>
    public static void AddScaled(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        var n = Math.Min(x.Length, y.Length);
        var vx = MemoryMarshal.Cast<double, Vector<double>>(x[..n]);
        var vy = MemoryMarshal.Cast<double, Vector<double>>(y[..n]);
        var va = new Vector<double>(alpha);
        for (var i = 0; i < vx.Length; i++)
        {
            vy[i] += va * vx[i];
        }

        for (var k = vx.Length * Vector<double>.Count; k < n; k++)
        {
            y[k] += alpha * x[k];
        }
    }

    /// <summary>y[i] = decay·y[i] + x[i].</summary>
    public static void DecayAdd(double decay, ReadOnlySpan<double> x, Span<double> y)
    {
        var n = Math.Min(x.Length, y.Length);
        var vx = MemoryMarshal.Cast<double, Vector<double>>(x[..n]);
        var vy = MemoryMarshal.Cast<double, Vector<double>>(y[..n]);
        var vd = new Vector<double>(decay);
        for (var i = 0; i < vx.Length; i++)
        {
            vy[i] = (vd * vy[i]) + vx[i];
        }

        for (var k = vx.Length * Vector<double>.Count; k < n; k++)
        {
            y[k] = (decay * y[k]) + x[k];
        }
    }
}
