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

    [Theory]
    [InlineData("none")]
    [InlineData("g3:2d")]
    [InlineData("lzw")]
    public void Libtiff_decodes_our_group_4_pel_for_pel_and_we_read_what_tiffcp_recodes(string compression)
    {
        var document = new FaxDocument([ChartPages.Load("itu4-fine"), FaxTestChart.Create(FaxResolution.Standard, 200)]);
        string dir = Directory.CreateTempSubdirectory("faxtiff").FullName;
        try
        {
            string ours = Path.Combine(dir, "ours.tif");
            string recoded = Path.Combine(dir, "recoded.tif");
            using (FileStream file = File.Create(ours))
            {
                FaxTiff.Write(document, file);
            }

            // libtiff (C) decodes our T.6 data and writes it again in another compression; we read that back.
            if (Run("tiffcp", "-c", compression, ours, recoded) is null)
            {
                return; // libtiff-tools not installed here; CI installs them (scripts/ci/packages.txt)
            }

            FaxDocument back;
            using (FileStream file = File.OpenRead(recoded))
            {
                back = FaxTiff.Read(file, "recoded.tif");
            }

            Assert.Equal(2, back.Pages.Count);
            Assert.Equal((FaxResolution.Fine, FaxResolution.Standard), (back.Pages[0].Resolution, back.Pages[1].Resolution));
            Assert.Equal(0, document.Pages[0].CountDifferingRows(back.Pages[0]));
            Assert.Equal(0, document.Pages[1].CountDifferingRows(back.Pages[1]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
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
