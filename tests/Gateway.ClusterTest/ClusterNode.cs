using Gateway.Tests.Infrastructure;

namespace Gateway.ClusterTest;

/// <summary>
/// One cluster node: a <c>gateway serve</c> process (<see cref="GatewayProcess"/>, shared with Gateway.Tests) on a
/// port of its own, configured through environment variables (<c>Section__Key</c>). It can be killed (SIGKILL),
/// stopped (SIGTERM) and started again with the same configuration and port.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private GatewayProcess? _process;

    public ClusterNode(string name, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        _environment = environment;
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>The last lines the current process wrote (for failure messages).</summary>
    public string Output => _process?.OutputTail(8000) ?? "";

    public bool IsRunning => _process is { HasExited: false };

    public static int FreePort() => GatewayProcess.FreePort();

    /// <summary>Starts the process and waits for <c>/health/ready</c>.</summary>
    public async Task StartAsync(TimeSpan readyTimeout, CancellationToken ct)
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _process = await GatewayProcess.StartAsync(_environment, waitReady: false, port: Port);
        try
        {
            await _process.WaitReadyAsync(readyTimeout, ct);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException($"{Name}: {e.Message}", e);
        }
    }

    /// <summary>SIGKILL: no chance to release anything.</summary>
    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    /// <summary>SIGTERM, then waits for the exit; returns the exit code.</summary>
    public Task<int> TerminateAsync(TimeSpan timeout) => _process?.TerminateAsync(timeout) ?? Task.FromResult(0);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
