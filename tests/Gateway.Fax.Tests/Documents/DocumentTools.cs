using System.Diagnostics;
using System.Numerics;
using Gateway.Fax.Pages;
using Xunit;

namespace Gateway.Fax.Tests.Documents;

/// <summary>Fixtures made by the real tools (Ghostscript devices) and pixel measures on fax pages.</summary>
internal static class DocumentTools
{
    /// <summary>Runs Ghostscript on a PostScript program with <paramref name="device"/> and returns the output file.</summary>
    public static byte[] Gs(string postScript, string device, params string[] extra)
    {
        string dir = Directory.CreateTempSubdirectory("docs-gs-").FullName;
        try
        {
            string input = Path.Combine(dir, "in.ps");
            string output = Path.Combine(dir, "out");
            File.WriteAllText(input, postScript);
            Run("gs", ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=" + device, .. extra, "-sOutputFile=" + output, input]);
            return File.ReadAllBytes(output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Runs a tool with an argument list; fails the test on a non-zero exit. Returns stdout + stderr.</summary>
    public static string Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd() + stderr.Result;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{tool} failed: {output}");
        return output;
    }

    public static long Ink(FaxPage page)
    {
        long black = 0;
        foreach (byte b in page.Bits)
        {
            black += BitOperations.PopCount(b);
        }

        return black;
    }

    public static double BlackShare(FaxPage page, int x0, int x1, int y0, int y1)
    {
        int black = 0, all = 0;
        for (int y = y0; y < y1; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                all++;
                black += page.IsBlack(x, y) ? 1 : 0;
            }
        }

        return (double)black / all;
    }

    /// <summary>Black pels of <paramref name="a"/> with no black pel of <paramref name="b"/> within <paramref name="radius"/>.</summary>
    public static int BlackFarFrom(FaxPage a, FaxPage b, int radius)
    {
        int count = 0;
        for (int y = 0; y < a.Height; y++)
        {
            for (int x = 0; x < a.Width; x++)
            {
                if (a.IsBlack(x, y) && !AnyBlackNear(b, x, y, radius))
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static bool AnyBlackNear(FaxPage page, int x, int y, int radius)
    {
        for (int yy = Math.Max(0, y - radius); yy <= Math.Min(page.Height - 1, y + radius); yy++)
        {
            for (int xx = Math.Max(0, x - radius); xx <= Math.Min(page.Width - 1, x + radius); xx++)
            {
                if (page.IsBlack(xx, yy))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
