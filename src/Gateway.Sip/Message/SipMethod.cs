using System.Text;

namespace Gateway.Sip.Message;

/// <summary>Method names (RFC 3261 §7.1, RFC 3262, RFC 3311, RFC 6086) as interned strings; methods are case-sensitive.</summary>
public static class SipMethod
{
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Register = "REGISTER";
    public const string Prack = "PRACK";
    public const string Update = "UPDATE";
    public const string Info = "INFO";
    public const string Subscribe = "SUBSCRIBE";
    public const string Notify = "NOTIFY";
    public const string Refer = "REFER";
    public const string Message = "MESSAGE";

    static readonly string[] Known = [Invite, Ack, Bye, Cancel, Options, Register, Prack, Update, Info, Subscribe, Notify, Refer, Message];

    /// <summary>Returns the shared string for a known method, otherwise a new string.</summary>
    public static string Intern(ReadOnlySpan<char> name)
    {
        foreach (var k in Known) if (name.SequenceEqual(k)) return k;
        return name.ToString();
    }

    public static string Intern(ReadOnlySpan<byte> name)
    {
        foreach (var k in Known)
            if (name.Length == k.Length && Ascii.Equals(name, k)) return k;
        return Encoding.ASCII.GetString(name);
    }
}
