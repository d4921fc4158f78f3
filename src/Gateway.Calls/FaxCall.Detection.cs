using Gateway.Media.Vad;

namespace Gateway.Calls;

public sealed partial class FaxCall
{
    private readonly List<IDisposable> _detectors = [];

    /// <summary>
    /// A speech detector with the request's VAD (<see cref="FaxCallRequest.Vad"/>: DSP, or Silero when its model
    /// is present) and <see cref="FaxCallRequest.Speech"/> options. A detector holding native resources (Silero's
    /// ONNX session) is kept to be disposed after the call.
    /// </summary>
    private SpeechDetector NewSpeechDetector()
    {
        IVoiceActivityDetector vad = VoiceActivityDetectorFactory.Create(_request.Vad, out _);
        if (vad is IDisposable disposable)
        {
            lock (_detectors)
            {
                _detectors.Add(disposable);
            }
        }

        return new SpeechDetector(vad, _request.Speech);
    }

    /// <summary>Disposes the call's detectors once the media loop has stopped serving its streams (its next tick).</summary>
    private void ReleaseDetectors()
    {
        IDisposable[] detectors;
        lock (_detectors)
        {
            detectors = [.. _detectors];
            _detectors.Clear();
        }

        if (detectors.Length == 0)
        {
            return;
        }

        _ = Task.Delay(TimeSpan.FromMilliseconds(100), _env.Time).ContinueWith(_ =>
        {
            foreach (IDisposable d in detectors)
            {
                d.Dispose();
            }
        }, TaskScheduler.Default);
    }
}
