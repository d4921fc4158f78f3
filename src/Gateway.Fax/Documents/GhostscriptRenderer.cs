using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Gateway.Fax.Documents;

/// <summary>
/// Renders PDF and PostScript with Debian's Ghostscript, run as a process with an argument list (no shell),
/// <c>-dSAFER</c>, a page limit and a time limit, into 8-bit grey pages at the fax resolution. Text and line
/// art are rendered without anti-aliasing so they stay crisp; photos come out grey and are dithered later.
/// </summary>
internal static class GhostscriptRenderer
{
    public static async Task<IReadOnlyList<GreyImage>> RenderAsync(string input, string fileName, double dpiX, double dpiY, DocumentOptions options, CancellationToken ct)
    {
        string work = Directory.CreateTempSubdirectory("gateway-gs-").FullName;
        try
        {
            var psi = new ProcessStartInfo(options.GhostscriptPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[]
            {
                "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dNOPROMPT", "-sDEVICE=pgmraw",
                string.Create(CultureInfo.InvariantCulture, $"-r{dpiX:0.##}x{dpiY:0.##}"),
                "-sPAPERSIZE=a4", "-dFIXEDMEDIA", "-dPDFFitPage", "-dPSFitPage", "-dTextAlphaBits=1", "-dGraphicsAlphaBits=1",
                "-dFirstPage=1", string.Create(CultureInfo.InvariantCulture, $"-dLastPage={options.MaxPages + 1}"), // one more than allowed, to tell "too many"
                "-sOutputFile=" + Path.Combine(work, "p%04d.pgm"), "--", input,
            })
            {
                psi.ArgumentList.Add(arg);
            }

            Process process;
            try
            {
                process = Process.Start(psi) ?? throw new DocumentException(fileName, "Ghostscript could not be started");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new DocumentException(fileName, $"Ghostscript ('{options.GhostscriptPath}') is not installed or not runnable: {e.Message}", e);
            }

            using (process)
            {
                Task<string> stderr = process.StandardError.ReadToEndAsync(ct);
                Task<string> stdout = process.StandardOutput.ReadToEndAsync(ct);
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(options.RenderTimeout);
                try
                {
                    await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    ct.ThrowIfCancellationRequested();
                    throw new DocumentException(fileName, $"rendering took longer than {options.RenderTimeout.TotalSeconds:0} s and was stopped");
                }

                string messages = (await stderr.ConfigureAwait(false)) + (await stdout.ConfigureAwait(false));
                string[] pages = Directory.GetFiles(work, "p*.pgm").Order(StringComparer.Ordinal).ToArray();
                if (process.ExitCode != 0 || pages.Length == 0)
                {
                    throw new DocumentException(fileName, Explain(messages, process.ExitCode, pages.Length));
                }

                var images = new List<GreyImage>(pages.Length);
                foreach (string page in pages)
                {
                    images.Add(ReadPgm(await File.ReadAllBytesAsync(page, ct).ConfigureAwait(false), dpiX, dpiY, fileName));
                }

                return images;
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Explain(string messages, int exitCode, int pages)
    {
        if (messages.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            return "the PDF is encrypted (needs a password); send an unprotected copy";
        }

        string first = messages.Split('\n').Select(l => l.Trim().TrimStart('*').Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        bool errors = exitCode != 0 || messages.Contains("Error", StringComparison.Ordinal);
        return pages == 0 && !errors
            ? "the document has no pages"
            : $"Ghostscript could not render it{(exitCode != 0 ? $" (exit {exitCode})" : "")}{(first.Length > 0 ? ": " + first : "")}; the file is corrupt or not a document Ghostscript reads";
    }

    // Netpbm PGM, binary ("P5"): header of whitespace-separated fields, comments after '#'.
    internal static GreyImage ReadPgm(byte[] data, double dpiX, double dpiY, string fileName)
    {
        int position = 0;
        string Next()
        {
            while (position < data.Length && (char.IsWhiteSpace((char)data[position]) || data[position] == '#'))
            {
                if (data[position] == '#')
                {
                    while (position < data.Length && data[position] != '\n')
                    {
                        position++;
                    }
                }
                else
                {
                    position++;
                }
            }

            int start = position;
            while (position < data.Length && !char.IsWhiteSpace((char)data[position]))
            {
                position++;
            }

            return Encoding.ASCII.GetString(data, start, position - start);
        }

        if (Next() != "P5" || !int.TryParse(Next(), out int width) || !int.TryParse(Next(), out int height) || Next() != "255")
        {
            throw new DocumentException(fileName, "Ghostscript produced an unreadable page");
        }

        position++; // the single whitespace after maxval
        if ((long)width * height > data.Length - position)
        {
            throw new DocumentException(fileName, "Ghostscript produced a truncated page");
        }

        return new GreyImage(width, height, dpiX, dpiY, data.AsSpan(position, width * height).ToArray());
    }
}
