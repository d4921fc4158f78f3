namespace Gateway.Fax.Tests.Interop;

/// <summary>
/// Finds the ITU test charts: $GATEWAY_ITU_CHARTS, else the first "shared/testdata/itu" found walking up
/// from the test binaries (the checkout's sibling ../shared, as the issue describes).
/// </summary>
public static class ItuCharts
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("GATEWAY_ITU_CHARTS") is { Length: > 0 } env)
            return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "testdata", "itu"), Path.Combine(dir.FullName, "testdata", "itu") })
                if (File.Exists(Path.Combine(candidate, "itu1-fine.tif")))
                    return candidate;
        }
        throw new InvalidOperationException("ITU test charts not found: set GATEWAY_ITU_CHARTS to the folder with itu1-fine.tif.");
    }

    public static string Get(string name) => System.IO.Path.Combine(Directory, name + ".tif");
}
