namespace Gateway.Cli;

/// <summary>Bad command-line usage or input; the dispatcher prints the message and exits with <see cref="ExitCodes.BadUsage"/>.</summary>
public sealed class UsageException(string message) : Exception(message);
