using System.Diagnostics;
using Gateway.Fax.Documents;
using Gateway.Fax.Pages;
using Gateway.Fax.Tests.Coding;
using Xunit;

namespace Gateway.Fax.Tests.Documents;

public sealed class FaxTiffTests
{
    [Fact]
    public void A_document_written_as_group_4_tiff_reads_back_identical_and_libtiff_tools_agree()
    {
        var document = new FaxDocument([ChartPages.Load("itu1-std"), FaxTestChart.Create(FaxResolution.Fine, 300)]);
        string path = Path.Combine(Directory.CreateTempSubdirectory("faxtiff").FullName, "doc.tif");
        using (FileStream file = File.Create(path))
        {
            FaxTiff.Write(document, file);
        }

        FaxDocument back;
        using (FileStream file = File.OpenRead(path))
        {
            back = FaxTiff.Read(file);
        }

        Assert.Equal(2, back.Pages.Count);
        Assert.Equal(FaxResolution.Standard, back.Pages[0].Resolution);
        Assert.Equal(FaxResolution.Fine, back.Pages[1].Resolution);
        Assert.Equal(0, document.Pages[0].CountDifferingRows(back.Pages[0]));
        Assert.Equal(0, document.Pages[1].CountDifferingRows(back.Pages[1]));

        string? info = Run("tiffinfo", path);
        if (info is not null)
        {
            Assert.Contains("CCITT Group 4", info);
            Assert.Contains("Image Width: 1728 Image Length: 1188", info);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_tiff_is_a_document_error()
    {
        var e = Assert.Throws<DocumentException>(() => FaxTiff.Read(new MemoryStream("not a tiff"u8.ToArray()), "stored.tif"));
        Assert.Equal("stored.tif", e.FileName);
    }

    private static string? Run(string tool, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in args)
            {
                psi.ArgumentList.Add(a);
            }

            using Process p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // libtiff-tools not installed here; CI installs them (scripts/ci/packages.txt)
        }
    }
}
