using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace Gateway.Security;

/// <summary>
/// Serilog enricher run after all others: every property value of every event passes through the
/// <see cref="SecretRedactor"/> (strings, objects rendered by <c>ToString()</c>, nested structures, lists,
/// dictionaries), and properties named like a secret (<c>Password</c>, <c>Secret</c>, ...) are masked whole.
/// Messages are rendered from these values, so neither the text nor the JSON of a sink carries a secret.
/// </summary>
public sealed class RedactingEnricher(SecretRedactor redactor) : ILogEventEnricher
{
    /// <inheritdoc />
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var redacted = SecretRedactor.IsSecretName(name) ? new ScalarValue(SecretRedactor.Mask) : Redact(value);
            if (!ReferenceEquals(redacted, value))
            {
                (changed ??= []).Add(new LogEventProperty(name, redacted));
            }
        }

        foreach (var p in changed ?? [])
        {
            logEvent.AddOrUpdateProperty(p);
        }
    }

    private LogEventPropertyValue Redact(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string s }:
                var r = redactor.Redact(s);
                return ReferenceEquals(r, s) ? value : new ScalarValue(r);
            case ScalarValue { Value: null or bool or char or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal or DateTime or DateTimeOffset or TimeSpan or Guid or Enum }:
                return value;
            case ScalarValue scalar:
                // Any other object is rendered by ToString() at the sink (a record prints every property): render it
                // now and mask what needs it.
                var text = Convert.ToString(scalar.Value, CultureInfo.InvariantCulture) ?? "";
                var masked = redactor.Redact(text);
                return ReferenceEquals(masked, text) ? value : new ScalarValue(masked);
            case StructureValue structure:
                var props = structure.Properties.Select(p => SecretRedactor.IsSecretName(p.Name)
                    ? new LogEventProperty(p.Name, new ScalarValue(SecretRedactor.Mask))
                    : new LogEventProperty(p.Name, Redact(p.Value))).ToList();
                return props.Zip(structure.Properties).All(x => ReferenceEquals(x.First.Value, x.Second.Value)) ? value : new StructureValue(props, structure.TypeTag);
            case SequenceValue sequence:
                var items = sequence.Elements.Select(Redact).ToList();
                return items.Zip(sequence.Elements).All(x => ReferenceEquals(x.First, x.Second)) ? value : new SequenceValue(items);
            case DictionaryValue dictionary:
                var entries = dictionary.Elements.Select(kv => new KeyValuePair<ScalarValue, LogEventPropertyValue>(
                    kv.Key, kv.Key.Value is string k && SecretRedactor.IsSecretName(k) ? new ScalarValue(SecretRedactor.Mask) : Redact(kv.Value))).ToList();
                return entries.Zip(dictionary.Elements).All(x => ReferenceEquals(x.First.Value, x.Second.Value)) ? value : new DictionaryValue(entries);
            default:
                return value;
        }
    }
}
