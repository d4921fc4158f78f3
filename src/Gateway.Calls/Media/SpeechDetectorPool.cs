using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Gateway.Media.Vad;

namespace Gateway.Calls.Media;

/// <summary>
/// Speech detectors of ended calls, kept for the next calls. A detector with its echo canceller is about 185 KB
/// (the least-squares canceller's 96 × 96 matrices), made at answer and alive until the call's audio stream leaves
/// the media loop: in a load test of 1,000 calls that was 45 % of the bytes the process allocated per call and most
/// of what each GC had to promote (docs/telephony.md, session 7). A detector is handed out again only after
/// <see cref="SpeechDetector.Reset"/> ("forgets everything: a new call"), and only to a call whose VAD selection and
/// speech options have the same values as the call it was made for; detectors whose VAD holds native resources
/// (Silero) are never pooled. At most <see cref="Capacity"/> detectors per configuration are kept, so the pool
/// covers the turnover of calls, not the peak.
/// </summary>
public sealed class SpeechDetectorPool
{
    private static readonly PropertyInfo[] VadProperties = ReadableProperties(typeof(VadSelection));
    private static readonly PropertyInfo[] SpeechProperties = ReadableProperties(typeof(SpeechOptions));
    private readonly ConcurrentDictionary<string, Shelf> _shelves = new(StringComparer.Ordinal);

    // Which configuration each pooled detector was made for (weak: a detector its call dropped is still collected).
    private readonly ConditionalWeakTable<SpeechDetector, string> _keys = [];
    private long _reused;

    /// <param name="capacity">Detectors kept per configuration (0 keeps none: every call makes its own).</param>
    public SpeechDetectorPool(int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
    }

    /// <summary>Detectors kept per configuration at most.</summary>
    public int Capacity { get; }

    /// <summary>Detectors handed out again (for diagnostics and tests).</summary>
    public long Reused => Interlocked.Read(ref _reused);

    /// <summary>
    /// A detector for a call with <paramref name="vad"/> and <paramref name="speech"/>: a reset one from an ended call
    /// when one is kept, otherwise a new one. <paramref name="pooled"/> says whether it may be given back
    /// (<see cref="Return"/>); a detector whose VAD is <see cref="IDisposable"/> is not, and is named in
    /// <paramref name="resource"/> to be disposed after the call.
    /// </summary>
    public SpeechDetector Rent(VadSelection vad, SpeechOptions speech, out bool pooled, out IDisposable? resource)
    {
        ArgumentNullException.ThrowIfNull(vad);
        ArgumentNullException.ThrowIfNull(speech);
        string key = KeyOf(vad, speech);
        if (_shelves.TryGetValue(key, out Shelf? shelf) && shelf.TryTake(out SpeechDetector? kept))
        {
            kept.Reset();
            Interlocked.Increment(ref _reused);
            pooled = true;
            resource = null;
            return kept;
        }

        IVoiceActivityDetector made = VoiceActivityDetectorFactory.Create(vad, out _);
        resource = made as IDisposable;
        pooled = resource is null && Capacity > 0;
        var detector = new SpeechDetector(made, speech);
        if (pooled)
        {
            _keys.AddOrUpdate(detector, key);
        }

        return detector;
    }

    /// <summary>
    /// Gives back a detector <see cref="Rent"/> marked pooled. The caller guarantees nothing uses it any more (its
    /// audio stream has left the media loop); it is reset when it is next rented.
    /// </summary>
    public void Return(SpeechDetector detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        if (!_keys.TryGetValue(detector, out string? key))
        {
            return; // not one of ours
        }

        _shelves.GetOrAdd(key, _ => new Shelf(Capacity)).TryAdd(detector);
    }

    // The configuration by value: every public property of both option types, so a property added later takes part.
    private static string KeyOf(VadSelection vad, SpeechOptions speech)
    {
        var key = new StringBuilder();
        Append(key, vad, VadProperties);
        key.Append('|');
        Append(key, speech, SpeechProperties);
        return key.ToString();
    }

    private static void Append(StringBuilder key, object options, PropertyInfo[] properties)
    {
        foreach (PropertyInfo property in properties)
        {
            key.Append(property.Name).Append('=').Append(Convert.ToString(property.GetValue(options), CultureInfo.InvariantCulture)).Append(';');
        }
    }

    private static PropertyInfo[] ReadableProperties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).OrderBy(p => p.Name, StringComparer.Ordinal)];

    private sealed class Shelf(int capacity)
    {
        private readonly ConcurrentBag<SpeechDetector> _kept = [];
        private int _count;

        public bool TryTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SpeechDetector? detector)
        {
            if (_kept.TryTake(out detector))
            {
                Interlocked.Decrement(ref _count);
                return true;
            }

            return false;
        }

        public void TryAdd(SpeechDetector detector)
        {
            if (Interlocked.Increment(ref _count) > capacity)
            {
                Interlocked.Decrement(ref _count);
                return; // enough kept for the turnover: this one is left to the GC
            }

            _kept.Add(detector);
        }
    }
}
