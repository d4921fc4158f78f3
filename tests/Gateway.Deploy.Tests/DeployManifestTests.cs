using System.Diagnostics;
using Xunit;

namespace Gateway.Deploy.Tests;

/// <summary>
/// The files under deploy/ are checked by real tools: the Kubernetes manifests against the API schemas
/// (kubernetes-models from the npm registry), all YAML with yamllint, the systemd unit with systemd-analyze.
/// </summary>
public class DeployManifestTests
{
    private static readonly string Deploy = Path.Combine(FindRoot(), "deploy");

    [Fact]
    public void Kubernetes_manifests_validate_against_the_api_schemas()
    {
        string validate = Path.Combine(Deploy, "validate");
        (int npmExit, string npmOutput) = Run("npm", validate, "ci", "--no-audit", "--no-fund", "--loglevel=error");
        Assert.True(npmExit == 0, npmOutput);

        (int exit, string output) = Run("node", validate, "validate.mjs");
        Assert.True(exit == 0, output);
        Assert.Contains("6 Kubernetes objects valid, 0 problems", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_yaml_passes_yamllint()
    {
        (int exit, string output) = Run("yamllint", Deploy, "-c", ".yamllint", "kubernetes", "container");
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void Systemd_unit_passes_systemd_analyze_verify()
    {
        // verify insists that ExecStart exists; point it at /bin/true in a copy, everything else unchanged.
        string folder = Directory.CreateTempSubdirectory("gateway-unit").FullName;
        string unit = Path.Combine(folder, "gateway.service");
        File.WriteAllText(unit, File.ReadAllText(Path.Combine(Deploy, "systemd", "gateway.service"))
            .Replace("ExecStart=/opt/gateway/gateway", "ExecStart=/bin/true", StringComparison.Ordinal));

        (int exit, string output) = Run("systemd-analyze", folder, "verify", unit);
        Directory.Delete(folder, recursive: true);

        // Warnings about this container's own units are not ours: only lines naming our file count.
        string[] ours = output.Split('\n').Where(l => l.Contains("gateway.service", StringComparison.Ordinal)).ToArray();
        Assert.True(ours.Length == 0, string.Join('\n', ours));
        Assert.True(exit == 0 || ours.Length == 0, output);
    }

    private static (int Exit, string Output) Run(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} timed out");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Gateway.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Gateway.sln not found above the test binaries.");
    }
}
