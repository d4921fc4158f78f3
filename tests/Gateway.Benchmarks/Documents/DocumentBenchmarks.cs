using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Gateway.Fax.Documents;
using Gateway.Fax.Pages;

namespace Gateway.Benchmarks.Documents;

/// <summary>
/// Submission-time costs of documents (ARCHITECTURE.md: paid once at upload, never during a call): a 3-page
/// text PDF through Ghostscript, a 1024 × 768 grey photo (PNG) decoded, scaled and dithered, a 3-page Group 4
/// TIFF store round trip; and the per-call cost, stamping the header line on a page.
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*DocumentBenchmarks*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class DocumentBenchmarks
{
    private static readonly DocumentOptions Fine = new();
    private byte[] _pdf = null!;
    private byte[] _photo = null!;
    private byte[] _tiff = null!;
    private FaxDocument _document = null!;
    private HeaderFont _font = null!;

    [GlobalSetup]
    public void Setup()
    {
        var text = new System.Text.StringBuilder("%!PS\n/Helvetica findfont 11 scalefont setfont\n");
        for (int page = 1; page <= 3; page++)
        {
            for (int line = 0; line < 50; line++)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"60 {780 - (line * 14)} moveto (Page {page}, line {line}: The quick brown fox jumps over the lazy dog 0123456789.) show\n");
            }

            text.Append("showpage\n");
        }

        _pdf = Gs(text.ToString(), "pdfwrite");
        _photo = Gs("%!PS\n0 4 1020 { /x exch def 0 4 764 { /y exch def x 3 mul sin y 5 mul cos mul 0.4 mul 0.55 add setgray x y 4 4 rectfill } for } for showpage\n", "pnggray", "-g1024x768", "-r72");
        _document = DocumentRasterizer.RasterizeAsync(_pdf, "bench.pdf", Fine).GetAwaiter().GetResult();
        using var stream = new MemoryStream();
        FaxTiff.Write(_document, stream);
        _tiff = stream.ToArray();
        _font = HeaderFont.For(FaxResolution.Fine);
    }

    [Benchmark(Description = "3-page PDF → fine pages (Ghostscript)")]
    public Task<FaxDocument> RasterizePdf() => DocumentRasterizer.RasterizeAsync(_pdf, "bench.pdf", Fine);

    [Benchmark(Description = "1024×768 PNG photo → dithered fine page")]
    public Task<FaxDocument> DitherPhoto() => DocumentRasterizer.RasterizeAsync(_photo, "photo.png", Fine);

    [Benchmark(Description = "3 fine pages → G4 TIFF")]
    public long WriteTiff()
    {
        using var stream = new MemoryStream();
        FaxTiff.Write(_document, stream);
        return stream.Length;
    }

    [Benchmark(Description = "G4 TIFF → 3 fine pages")]
    public FaxDocument ReadTiff() => FaxTiff.Read(new MemoryStream(_tiff, writable: false));

    [Benchmark(Description = "Header line stamped on a fine page")]
    public FaxPage StampHeader() => FaxHeaderLine.Stamp(_document.Pages[0], "2026-11-28 09:05   ACME LLP   +77270000000   Page 1/3", _font);

    private static byte[] Gs(string postScript, string device, params string[] extra)
    {
        string dir = Directory.CreateTempSubdirectory("bench-gs-").FullName;
        try
        {
            string input = Path.Combine(dir, "in.ps");
            string output = Path.Combine(dir, "out");
            File.WriteAllText(input, postScript);
            var psi = new ProcessStartInfo("gs") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string a in (string[])["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=" + device, .. extra, "-sOutputFile=" + output, input])
            {
                psi.ArgumentList.Add(a);
            }

            using Process gs = Process.Start(psi)!;
            string messages = gs.StandardError.ReadToEnd() + gs.StandardOutput.ReadToEnd();
            gs.WaitForExit();
            return gs.ExitCode == 0 ? File.ReadAllBytes(output) : throw new InvalidOperationException("gs failed: " + messages);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
