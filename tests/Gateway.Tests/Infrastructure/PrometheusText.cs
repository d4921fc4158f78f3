using System.Globalization;

namespace Gateway.Tests.Infrastructure;

/// <summary>Reads samples out of a Prometheus text exposition (what <c>GET /metrics</c> answers).</summary>
public static class PrometheusText
{
    /// <summary>The value of the first sample named <paramref name="name"/> whose labels contain every one of <paramref name="labels"/>; null when none.</summary>
    public static double? Value(string exposition, string name, params string[] labels)
    {
        foreach (string line in exposition.Split('\n'))
        {
            if (line.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            {
                string value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
                return double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
