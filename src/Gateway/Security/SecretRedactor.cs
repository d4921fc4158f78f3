using System.Data.Common;
using System.Text.RegularExpressions;

namespace Gateway.Security;

/// <summary>
/// Masks secrets in text bound for logs: every configured secret value (trunk passwords, the bootstrap admin key,
/// webhook and other <c>*Secret</c> settings, the password inside a connection string), and anything shaped like a
/// secret whatever its origin (<c>Password=…</c> in a connection string, <c>Secret = …</c> in a record's
/// <c>ToString()</c>, a bearer token, a generated <c>gwk_</c> API key).
/// </summary>
public sealed partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    // Shorter configured values would mask ordinary words ("test", "1234") all over the log.
    private const int MinimumValueLength = 6;

    private readonly string[] _values;

    /// <summary>A redactor for the given secret values (those shorter than 6 characters are only caught by shape).</summary>
    public SecretRedactor(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);

        // Longest first, so a secret that contains another is masked whole.
        _values = values.Where(v => v.Length >= MinimumValueLength).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length).ToArray();
    }

    /// <summary>The redactor for every secret in <paramref name="configuration"/>.</summary>
    public static SecretRedactor From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var values = new List<string>();
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var name = key[(key.LastIndexOf(':') + 1)..];
            if (IsSecretName(name))
            {
                values.Add(value);
            }
            else if (name.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase) && PasswordOf(value) is { } password)
            {
                values.Add(password);
            }
        }

        return new SecretRedactor(values);
    }

    /// <summary>True for a setting or property name that holds a secret (<c>Password</c>, <c>Secret</c>, <c>ApiKey</c>, ...).</summary>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.EndsWith("Password", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("Secret", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("ApiKey", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("AdminKey", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Pwd", StringComparison.OrdinalIgnoreCase)
            || name.Contains("Authorization", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary><paramref name="text"/> with every secret replaced by <see cref="Mask"/>; the same instance when there is none.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = text;
        foreach (var v in _values)
        {
            if (result.Contains(v, StringComparison.Ordinal))
            {
                result = result.Replace(v, Mask, StringComparison.Ordinal);
            }
        }

        // Cheap pre-checks keep the regular expressions off ordinary log lines.
        if (result.Contains('=', StringComparison.Ordinal))
        {
            result = ConnectionStringPassword().Replace(result, m => m.Groups[1].Value + Mask);
            result = RecordSecret().Replace(result, m => m.Groups[1].Value + Mask);
        }

        if (result.Contains("earer", StringComparison.Ordinal) || result.Contains("gwk_", StringComparison.Ordinal))
        {
            result = Bearer().Replace(result, m => m.Groups[1].Value + Mask);
            result = GeneratedKey().Replace(result, "gwk_" + Mask);
        }

        return result;
    }

    private static string? PasswordOf(string connectionString)
    {
        try
        {
            var b = new DbConnectionStringBuilder { ConnectionString = connectionString };
            return (b.TryGetValue("Password", out var p) || b.TryGetValue("Pwd", out p)) && p?.ToString() is { Length: > 0 } s ? s : null;
        }
        catch (ArgumentException)
        {
            // Not a well-formed connection string: the shape rule below still masks "Password=...".
            return null;
        }
    }

    // "Password=abc;" / "pwd = 'a;b'" in connection strings (ADO.NET keyword syntax).
    [GeneratedRegex("""(?i)(\b(?:password|pwd)\s*=\s*)(?:'[^']*'|"[^"]*"|[^;'"\s]+)""")]
    private static partial Regex ConnectionStringPassword();

    // "Password = abc," / "Secret = abc }" as C# records print themselves.
    [GeneratedRegex("""(\b\w*(?:Password|Secret|ApiKey|AdminKey) = )[^,}\s]+""")]
    private static partial Regex RecordSecret();

    // RFC 6750 §2.1 credentials.
    [GeneratedRegex("""(?i)(\bbearer\s+)[A-Za-z0-9\-._~+/]+=*""")]
    private static partial Regex Bearer();

    // Keys made by ApiKeySecret.Generate: gwk_ and 43 base64url characters.
    [GeneratedRegex("""gwk_[A-Za-z0-9_\-]{20,}""")]
    private static partial Regex GeneratedKey();
}
