using System.Net;

namespace Gateway.Sip.Resolution;

/// <summary>Reads the <c>nameserver</c> lines of resolv.conf(5).</summary>
public static class ResolvConf
{
    public const string DefaultPath = "/etc/resolv.conf";

    /// <summary>The name servers in file order (port 53); empty when the file is missing or lists none.</summary>
    public static IReadOnlyList<IPEndPoint> ReadNameServers(string path = DefaultPath)
    {
        if (!File.Exists(path)) return [];
        return Parse(File.ReadAllText(path));
    }

    public static IReadOnlyList<IPEndPoint> Parse(string text)
    {
        var list = new List<IPEndPoint>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || line.StartsWith(';')) continue;
            var parts = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[0] == "nameserver" && IPAddress.TryParse(parts[1].Split('%')[0], out var ip))
                list.Add(new IPEndPoint(ip, 53));
        }
        return list;
    }
}
