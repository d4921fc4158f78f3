using System.Diagnostics;
using Xunit;

namespace Gateway.Calls.Tests.Capture;

/// <summary>Reads a pcap with tcpdump (Debian package tcpdump, scripts/ci/packages.txt): one output line per packet.</summary>
internal static class Tcpdump
{
    public static string[] Read(string pcap, string filter = "")
    {
        var psi = new ProcessStartInfo("tcpdump")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-n", "-r", pcap })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (string word in filter.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            psi.ArgumentList.Add(word);
        }

        using Process process = Process.Start(psi) ?? throw new InvalidOperationException("tcpdump did not start (apt-get install tcpdump)");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"tcpdump -r {pcap} {filter}: exit {process.ExitCode}: {stderr.Result}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
