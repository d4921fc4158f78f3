using Microsoft.ML.OnnxRuntime;

namespace Gateway.Media.Vad;

/// <summary>
/// Silero VAD v5 (MIT licence) run with ONNX Runtime, at 8 kHz: windows of 256 samples preceded by the last 32
/// samples as context, an LSTM state of [2, 1, 128] carried between windows (as in silero-vad's utils_vad.py).
/// 20 ms frames are buffered into 32 ms windows; each frame gets the probability of the latest window.
/// Optional: the model file is fetched by scripts/corpus/fetch-silero.sh, never at run time. Unlike the DSP
/// detector this allocates per window (ONNX Runtime's Run), so it is not used on the hot path by default.
/// </summary>
public sealed class SileroVoiceActivityDetector : IVoiceActivityDetector, IDisposable
{
    private const int Window = 256;
    private const int Context = 32;
    private readonly InferenceSession _session;
    private readonly float[] _input = new float[Context + Window];
    private readonly float[] _state = new float[2 * 128];
    private readonly long[] _sampleRate = [8000];
    private readonly float[] _pending = new float[Window + 160];
    private int _pendingCount;
    private float _probability;

    /// <summary>Loads the model; throws <see cref="FileNotFoundException"/> when it is absent.</summary>
    public SileroVoiceActivityDetector(string modelPath)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException("Silero VAD model not found; run scripts/corpus/fetch-silero.sh or use the DSP VAD.", modelPath);
        }

        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _session = new InferenceSession(modelPath, options);
    }

    /// <inheritdoc />
    public string Name => "silero";

    /// <inheritdoc />
    public float Process(ReadOnlySpan<short> frame)
    {
        for (var i = 0; i < frame.Length; i++)
        {
            _pending[_pendingCount++] = frame[i] / 32768f;
        }

        while (_pendingCount >= Window)
        {
            Array.Copy(_pending, 0, _input, Context, Window);
            _probability = Infer();
            Array.Copy(_input, Window, _input, 0, Context); // the last 32 samples are the next window's context
            Array.Copy(_pending, Window, _pending, 0, _pendingCount - Window);
            _pendingCount -= Window;
        }

        return _probability;
    }

    /// <inheritdoc />
    public void Reset()
    {
        Array.Clear(_input);
        Array.Clear(_state);
        _pendingCount = 0;
        _probability = 0;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private float Infer()
    {
        using var input = OrtValue.CreateTensorValueFromMemory(_input, [1, _input.Length]);
        using var state = OrtValue.CreateTensorValueFromMemory(_state, [2, 1, 128]);
        using var sr = OrtValue.CreateTensorValueFromMemory(_sampleRate, [1]);
        var inputs = new Dictionary<string, OrtValue>(3) { ["input"] = input, ["state"] = state, ["sr"] = sr };
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, inputs, _session.OutputNames);
        var p = outputs[0].GetTensorDataAsSpan<float>()[0];
        outputs[1].GetTensorDataAsSpan<float>().CopyTo(_state);
        return p;
    }
}
