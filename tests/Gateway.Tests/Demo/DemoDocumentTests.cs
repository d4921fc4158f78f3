using System.Diagnostics;
using Gateway.Demo;

namespace Gateway.Tests.Demo;

public sealed class DemoDocumentTests
{
    [Fact]
    public void Ghostscript_renders_two_pages_with_ink_on_each()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("demo-doc").FullName, "demo.ps");
        File.WriteAllText(path, DemoDocument.PostScript(DateTimeOffset.Parse("2026-11-28T10:00:00Z")));

        // The bbox device prints one %%BoundingBox per rendered page: the marked area, so an empty page shows as 0 0 0 0.
        var psi = new ProcessStartInfo("gs") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[] { "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=bbox", path })
        {
            psi.ArgumentList.Add(a);
        }

        using Process gs = Process.Start(psi)!;
        string boxes = gs.StandardError.ReadToEnd() + gs.StandardOutput.ReadToEnd();
        gs.WaitForExit();

        Assert.Equal(0, gs.ExitCode);
        string[] pages = boxes.Split('\n').Where(l => l.StartsWith("%%BoundingBox:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, pages.Length);
        Assert.DoesNotContain(pages, p => p.Trim() == "%%BoundingBox: 0 0 0 0");
    }
}
