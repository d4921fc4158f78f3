namespace Gateway.LoadTest;

/// <summary>Finds the repository (for assets/) by walking up from the binaries to Gateway.sln.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Gateway.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Gateway.sln not found above the binaries.");
    }
}
