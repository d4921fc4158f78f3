using System.Runtime.InteropServices;
using System.Net;
using Gateway.Calls.Simulator;
using Gateway.Media.Transport;

namespace Gateway.Cli.Verbs;

/// <summary>
/// <c>gateway simulator</c>: runs the built-in far end on 127.0.0.1 until Ctrl+C, so operators can try
/// prompts, trunk settings and campaigns without a real trunk (point a trunk at <c>sip:127.0.0.1:PORT</c>).
/// Offices are chosen per dialed number; received faxes are written to the output folder.
/// </summary>
public static class SimulatorVerb
{
    /// <summary>The verb.</summary>
    public static Verb Create() => new(
        ["simulator"],
        "run the built-in far end (scripted offices) on 127.0.0.1 for trying the gateway without a trunk",
        "[--port 5080] [--output DIR] [--office NUMBER=KIND ...] [--default KIND] [--media-ports 48000-48999]\n" +
        "  KIND: " + string.Join(", ", Enum.GetNames<SimulatedOffice>()),
        new HashSet<string>(),
        RunAsync);

    private static async Task<int> RunAsync(VerbContext ctx)
    {
        int port = ctx.Args.Int("port", 1024, 65535) ?? 5080;
        string output = Path.GetFullPath(ctx.Args.Option("output") ?? "simulator-received");
        var offices = new Dictionary<string, SimulatedOffice>(StringComparer.Ordinal);
        foreach (string spec in ctx.Args.Options("office"))
        {
            int eq = spec.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--office expects NUMBER=KIND, got '{spec}'");
            }

            offices[spec[..eq]] = ParseOffice(spec[(eq + 1)..]);
        }

        SimulatedOffice fallback = ctx.Args.Option("default") is { } d ? ParseOffice(d) : SimulatedOffice.FaxMachine;
        (int first, int last) = ParseRange(ctx.Args.Option("media-ports") ?? "48000-48999");
        ctx.Args.EnsureAllUsed(0);

        using var media = new MediaLoop(TimeProvider.System, threads: 1);
        media.Start();
        await using var simulator = new FarEndSimulator(
            new FarEndSimulatorOptions
            {
                SipPort = port,
                VoicesFolder = Path.Combine(AppContext.BaseDirectory, "assets", "simulator"),
                OutputFolder = output,
                Offices = offices,
                DefaultOffice = fallback,
            },
            media,
            new MediaPortAllocator(IPAddress.Loopback, first, last),
            TimeProvider.System);
        await ctx.Out.WriteLineAsync($"simulator listening on sip:{simulator.SipEndPoint}; received faxes go to {output}; Ctrl+C stops");
        var stop = new TaskCompletionSource();
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            stop.TrySetResult();
        });
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.TrySetResult();
        });
        int reported = 0;
        while (!stop.Task.IsCompleted && !ctx.Cancellation.IsCancellationRequested)
        {
            await Task.WhenAny(stop.Task, Task.Delay(500, ctx.Cancellation));
            foreach (ReceivedFax fax in simulator.Received.Skip(reported))
            {
                reported++;
                await ctx.Out.WriteLineAsync($"received from call to {fax.Number}: {(fax.Result.Succeeded ? "ok" : "failed")}, {fax.PageFiles.Count} page(s): {string.Join(", ", fax.PageFiles)}");
            }
        }

        return ExitCodes.Ok;
    }

    private static SimulatedOffice ParseOffice(string text) =>
        Enum.TryParse(text, ignoreCase: true, out SimulatedOffice office) && Enum.IsDefined(office)
            ? office
            : throw new UsageException($"unknown office '{text}' (one of {string.Join(", ", Enum.GetNames<SimulatedOffice>())})");

    private static (int First, int Last) ParseRange(string text)
    {
        string[] parts = text.Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], out int first) && int.TryParse(parts[1], out int last) && first >= 1024 && last <= 65534 && last > first)
        {
            return (first, last);
        }

        throw new UsageException($"--media-ports expects FIRST-LAST within 1024-65534, got '{text}'");
    }
}
