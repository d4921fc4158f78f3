using Gateway.Media.Vad;

namespace Gateway.Calls;

public sealed partial class FaxCall
{
    private readonly List<IDisposable> _detectors = [];
    private readonly List<SpeechDetector> _pooledDetectors = [];

    /// <summary>
    /// A speech detector with the request's VAD (<see cref="FaxCallRequest.Vad"/>: DSP, or Silero when its model
    /// is present) and <see cref="FaxCallRequest.Speech"/> options, from the environment's
    /// <see cref="FaxCallEnvironment.SpeechDetectors"/> pool (an ended call's, reset) when it has one. A detector holding
    /// native resources (Silero's ONNX session) is kept to be disposed after the call; a pooled one goes back when the
    /// audio stream has left the media loop (<see cref="ReturnSpeechDetectors"/>).
    /// </summary>
    private SpeechDetector NewSpeechDetector()
    {
        SpeechDetector detector = _env.SpeechDetectors.Rent(_request.Vad, _request.Speech, out bool pooled, out IDisposable? resource);
        lock (_detectors)
        {
            if (resource is not null)
            {
                _detectors.Add(resource);
            }

            if (pooled)
            {
                _pooledDetectors.Add(detector);
            }
        }

        return detector;
    }

    /// <summary>
    /// On the media thread, once the loop has dropped the call's RTP stream (after a switch to T.38, or at the end):
    /// no frame reaches the audio path any more, so its speech detectors go back to the pool for the next calls.
    /// </summary>
    private void ReturnSpeechDetectors()
    {
        _audio?.DropListeners();
        SpeechDetector[] detectors;
        lock (_detectors)
        {
            detectors = [.. _pooledDetectors];
            _pooledDetectors.Clear();
        }

        foreach (SpeechDetector detector in detectors)
        {
            _env.SpeechDetectors.Return(detector);
        }
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
