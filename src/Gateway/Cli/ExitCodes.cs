namespace Gateway.Cli;

/// <summary>Process exit codes every verb uses (docs/cli.md); scripts rely on them.</summary>
public static class ExitCodes
{
    /// <summary>The operation succeeded.</summary>
    public const int Ok = 0;

    /// <summary>The operation was understood but failed (service unreachable, not found, conflict, refused).</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or bad input (unknown verb or option, invalid value, the service rejected the input).</summary>
    public const int BadUsage = 2;
}
