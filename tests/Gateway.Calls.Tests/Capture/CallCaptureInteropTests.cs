using System.Diagnostics;
using System.Text.RegularExpressions;
using Gateway.Calls.Capture;
using Gateway.Calls.Tests.Interop;
using NAudio.Wave;
using Xunit;

namespace Gateway.Calls.Tests.Capture;

/// <summary>
/// The per-call debugging capture on real calls through sipp and libspandsp: the pcap is read back by
/// tcpdump and its packets counted against what sipp and the far end say they exchanged; the WAV is
/// decoded by NAudio and by sox.
/// </summary>
[Collection(SerialInterop.Name)] // one after the other: fewer real-time calls at once keeps the timing-driven cases in time
public sealed partial class CallCaptureInteropTests : SippCallHarness
{
    [Fact]
    public async Task A_g711_fax_call_leaves_a_pcap_tcpdump_reads_packet_for_packet_and_a_stereo_wav_of_both_directions()
    {
        string dir = Directory.CreateTempSubdirectory("calls-capture-").FullName;
        var pages = Pages(1);
        CallRun run = await RunAsync("answer_g711.xml", new FarEndScript { FaxOverAudio = true }, s => Request(s, pages), capture: new CallCaptureSettings { Directory = dir });

        Assert.True(run.Outcome.Failure == FailureClass.Succeeded, run.Describe());
        Assert.Equal(2, run.Outcome.CaptureFiles.Count);
        string pcap = run.Outcome.CaptureFiles.Single(f => f.EndsWith(".pcap", StringComparison.Ordinal));
        string wav = run.Outcome.CaptureFiles.Single(f => f.EndsWith(".wav", StringComparison.Ordinal));

        // SIP: every message sipp traced (sent or received) is one record on sipp's port.
        int sipMessages = SippTraceEntry().Count(run.SipMessages);
        Assert.True(sipMessages >= 5, run.SipMessages); // INVITE, 100, 180, 200, ACK, BYE, 200
        Assert.Equal(sipMessages, Tcpdump.Read(pcap, $"udp port {run.SippPort}").Length);

        // RTP: all we sent reached the far end's socket; what it sent after our stream closed is not ours to see.
        int toFar = Tcpdump.Read(pcap, $"udp dst port {run.Far.RtpPort}").Length;
        int fromFar = Tcpdump.Read(pcap, $"udp src port {run.Far.RtpPort}").Length;
        Assert.Equal(run.Far.RtpReceived, toFar);
        Assert.InRange(fromFar, run.Far.RtpSent - 300, run.Far.RtpSent);
        Assert.True(toFar > 500, $"{toFar} RTP packets for a fax call of {run.Outcome.EndedAt - run.Outcome.StartedAt}");
        Assert.Equal(sipMessages + toFar + fromFar, Tcpdump.Read(pcap).Length);

        using (var reader = new WaveFileReader(wav))
        {
            Assert.Equal(8000, reader.WaveFormat.SampleRate);
            Assert.Equal(2, reader.WaveFormat.Channels);
            Assert.Equal(16, reader.WaveFormat.BitsPerSample);
            var frames = reader.Length / 4;
            Assert.InRange(frames / 160, fromFar - 10, toFar + 10); // one frame per media tick while RTP ran
            byte[] all = new byte[reader.Length];
            reader.ReadExactly(all);
            (double heard, double sent) = Rms(all);
            Assert.True(heard > 300, $"far end (left) RMS {heard}: spandsp's CED, DIS and MCF");
            Assert.True(sent > 300, $"our side (right) RMS {sent}: our modems");
        }

        Assert.Equal("2", Sox("--i", "-c", wav));
        Assert.Equal("8000", Sox("--i", "-r", wav));
        run.Far.DeleteFiles();
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Failed_only_mode_deletes_a_successful_calls_capture_and_keeps_a_failed_ones()
    {
        string dir = Directory.CreateTempSubdirectory("calls-capture-").FullName;
        var settings = new CallCaptureSettings { Directory = dir, Keep = CaptureKeep.FailedOnly };
        var pages = Pages(1);

        CallRun busy = await RunAsync("busy.xml", new FarEndScript(), s => Request(s, pages), capture: settings);
        Assert.Equal(FailureClass.Busy, busy.Outcome.Failure);
        string pcap = Assert.Single(busy.Outcome.CaptureFiles, f => f.EndsWith(".pcap", StringComparison.Ordinal));
        Assert.Equal(SippTraceEntry().Count(busy.SipMessages), Tcpdump.Read(pcap).Length); // SIP only: never answered

        CallRun ok = await RunAsync("answer_g711.xml", new FarEndScript { FaxOverAudio = true }, s => Request(s, pages), capture: settings);
        Assert.True(ok.Outcome.Failure == FailureClass.Succeeded, ok.Describe());
        Assert.Empty(ok.Outcome.CaptureFiles);
        Assert.Equal(busy.Outcome.CaptureFiles.Order(StringComparer.Ordinal), Directory.GetFiles(dir).Order(StringComparer.Ordinal));
        ok.Far.DeleteFiles();
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>RMS of the left and right channels of interleaved 16-bit stereo.</summary>
    private static (double Left, double Right) Rms(byte[] pcm)
    {
        double left = 0, right = 0;
        int frames = pcm.Length / 4;
        for (int i = 0; i < frames; i++)
        {
            double l = BitConverter.ToInt16(pcm, i * 4);
            double r = BitConverter.ToInt16(pcm, (i * 4) + 2);
            left += l * l;
            right += r * r;
        }

        return (Math.Sqrt(left / Math.Max(1, frames)), Math.Sqrt(right / Math.Max(1, frames)));
    }

    private static string Sox(params string[] args)
    {
        var psi = new ProcessStartInfo("sox") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"sox {string.Join(' ', args)}: {p.StandardError.ReadToEnd()}");
        return output;
    }

    /// <summary>One message in sipp's -trace_msg file: "UDP message received [n] bytes :" / "UDP message sent (n bytes):".</summary>
    [GeneratedRegex(@"^UDP message (received|sent)", RegexOptions.Multiline)]
    private static partial Regex SippTraceEntry();
}
