using System.Diagnostics;
using System.Globalization;

namespace Gateway.LoadTest;

/// <summary>
/// The far end in a child process (this same program with <c>--serve-far-end</c>), so that its
/// allocations, GCs and JIT do not pause the gateway's media threads, as in a deployment where the far end
/// is another machine. Both processes still share this machine's cores.
/// </summary>
internal sealed class FarEndProcess : IAsyncDisposable
{
    private readonly Process _process;

    private FarEndProcess(Process process, int t38Port, int g711Port)
    {
        _process = process;
        T38Port = t38Port;
        G711Port = g711Port;
    }

    public int T38Port { get; }

    public int G711Port { get; }

    public static async Task<FarEndProcess> StartAsync(TimeSpan? receiveBudget = null)
    {
        string self = typeof(FarEndProcess).Assembly.Location;
        var psi = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            psi.ArgumentList.Add(self);
        }

        psi.ArgumentList.Add("--serve-far-end");
        if (receiveBudget is { } budget)
        {
            psi.ArgumentList.Add("--receive-budget");
            psi.ArgumentList.Add(budget == TimeSpan.MaxValue ? "none" : budget.TotalMilliseconds.ToString(CultureInfo.InvariantCulture));
        }

        Process process = Process.Start(psi)!;
        string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line is null || !line.StartsWith("far-end ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"The far-end process did not start: '{line}'");
        }

        Dictionary<string, int> ports = line["far-end ".Length..].Split(' ').Select(p => p.Split('='))
            .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
        return new FarEndProcess(process, ports["t38"], ports["g711"]);
    }

    /// <summary>Bytes the far end's media thread allocated since the last call and how its ticks went (then reset).</summary>
    public async Task<(long Allocated, string Ticks)> TakeStatisticsAsync()
    {
        await _process.StandardInput.WriteLineAsync("stats");
        string? line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        if (line is null || !line.StartsWith("far-end allocated ", StringComparison.Ordinal))
        {
            return (-1, "");
        }

        string[] parts = line["far-end allocated ".Length..].Split(' ', 2);
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length > 1 ? parts[1] : "");
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
