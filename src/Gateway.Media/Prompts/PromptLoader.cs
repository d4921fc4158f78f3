using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace Gateway.Media.Prompts;

/// <summary>
/// Loads any PCM or IEEE-float WAV (any rate, 8/16/24/32-bit, mono or stereo) with NAudio, mixes to mono,
/// resamples to 8 kHz (WDL resampler) and returns a <see cref="Prompt"/>. Errors are <see cref="PromptLoadException"/>.
/// </summary>
public static class PromptLoader
{
    /// <summary>Longest prompt accepted (a prompt is a question, not a recording).</summary>
    public const int MaxSeconds = 60;

    /// <summary>Loads a WAV file.</summary>
    public static Prompt Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new PromptLoadException(path, "file not found.");
        }

        try
        {
            using var stream = File.OpenRead(path);
            return Load(stream, path);
        }
        catch (PromptLoadException)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PromptLoadException(path, "cannot be read: " + ex.Message, ex);
        }
    }

    /// <summary>Loads a WAV from a stream; <paramref name="name"/> is used in errors.</summary>
    public static Prompt Load(Stream stream, string name)
    {
        WaveFileReader reader;
        try
        {
            reader = new WaveFileReader(stream);
        }
        catch (Exception ex) when (ex is FormatException or EndOfStreamException or InvalidDataException or ArgumentException)
        {
            throw new PromptLoadException(name, "not a readable WAV file: " + ex.Message, ex);
        }

        using (reader)
        {
            var format = reader.WaveFormat;
            if (format.Encoding is not (WaveFormatEncoding.Pcm or WaveFormatEncoding.IeeeFloat or WaveFormatEncoding.Extensible))
            {
                throw new PromptLoadException(name, $"unsupported WAV encoding {format.Encoding}; use PCM or IEEE float.");
            }

            if (format.Channels is < 1 or > 2)
            {
                throw new PromptLoadException(name, $"{format.Channels} channels; only mono and stereo are supported.");
            }

            if (reader.TotalTime.TotalSeconds > MaxSeconds)
            {
                throw new PromptLoadException(name, $"{reader.TotalTime.TotalSeconds:F0} s long; the limit is {MaxSeconds} s.");
            }

            ISampleProvider provider;
            try
            {
                provider = reader.ToSampleProvider();
            }
            catch (ArgumentException ex)
            {
                throw new PromptLoadException(name, $"unsupported sample format ({format.BitsPerSample}-bit {format.Encoding}).", ex);
            }

            if (format.Channels == 2)
            {
                provider = new StereoToMonoSampleProvider(provider) { LeftVolume = 0.5f, RightVolume = 0.5f };
            }

            if (provider.WaveFormat.SampleRate != 8000)
            {
                provider = new WdlResamplingSampleProvider(provider, 8000);
            }

            var samples = new List<short>((int)(reader.TotalTime.TotalSeconds * 8000) + 1024);
            var buffer = new float[4000];
            int read;
            while ((read = provider.Read(buffer.AsSpan())) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    samples.Add((short)Math.Clamp(Math.Round(buffer[i] * 32767f), short.MinValue, short.MaxValue));
                }
            }

            if (samples.Count == 0)
            {
                throw new PromptLoadException(name, "contains no audio.");
            }

            return new Prompt(name, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(samples));
        }
    }
}
