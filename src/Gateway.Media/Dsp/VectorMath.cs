using System.Numerics;
using System.Runtime.InteropServices;

namespace Gateway.Media.Dsp;

/// <summary>Vectorised float kernels for the adaptive filters (no allocation, any span alignment).</summary>
internal static class VectorMath
{
    /// <summary>Σ a[i]·b[i].</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        var acc = Vector<float>.Zero;
        for (var i = 0; i < va.Length; i++)
        {
            acc += va[i] * vb[i];
        }

        var sum = Vector.Sum(acc);
        for (var i = va.Length * Vector<float>.Count; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Σ a[i].</summary>
    public static float Sum(ReadOnlySpan<float> a)
    {
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var acc = Vector<float>.Zero;
        foreach (var v in va)
        {
            acc += v;
        }

        var sum = Vector.Sum(acc);
        for (var i = va.Length * Vector<float>.Count; i < a.Length; i++)
        {
            sum += a[i];
        }

        return sum;
    }

    /// <summary>y[i] += alpha·g[i]·x[i].</summary>
    public static void AddScaledProduct(float alpha, ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> y)
    {
        var vg = MemoryMarshal.Cast<float, Vector<float>>(g);
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        var va = new Vector<float>(alpha);
        for (var i = 0; i < vx.Length; i++)
        {
            vy[i] += va * vg[i] * vx[i];
        }

        for (var i = vx.Length * Vector<float>.Count; i < x.Length; i++)
        {
            y[i] += alpha * g[i] * x[i];
        }
    }
}
