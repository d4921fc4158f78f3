namespace Gateway.Cli;

/// <summary>
/// Matches the longest registered word path at the start of the arguments and runs that verb.
/// Unknown verbs, bad options and <see cref="UsageException"/> exit with 2; a failed operation with 1.
/// </summary>
public sealed class VerbDispatcher
{
    private readonly List<Verb> _verbs = [];

    /// <summary>Registered verbs, in registration order.</summary>
    public IReadOnlyList<Verb> Verbs => _verbs;

    /// <summary>Adds a verb; later issues add theirs (<c>send</c>, <c>demo</c>) the same way.</summary>
    public VerbDispatcher Add(Verb verb)
    {
        if (_verbs.Any(v => v.Name == verb.Name))
        {
            throw new InvalidOperationException($"verb '{verb.Name}' registered twice");
        }

        _verbs.Add(verb);
        return this;
    }

    /// <summary>Runs the verb named by <paramref name="args"/> and returns the process exit code.</summary>
    public async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            WriteVerbList(args.Length == 0 ? error : output);
            return args.Length == 0 ? ExitCodes.BadUsage : ExitCodes.Ok;
        }

        var verb = _verbs
            .Where(v => v.Words.Count <= args.Length && v.Words.SequenceEqual(args.Take(v.Words.Count), StringComparer.Ordinal))
            .OrderByDescending(v => v.Words.Count)
            .FirstOrDefault();
        if (verb is null)
        {
            await error.WriteLineAsync($"gateway: unknown command '{string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')))}'");
            WriteGroupHelp(error, args[0]);
            return ExitCodes.BadUsage;
        }

        var rest = args.Skip(verb.Words.Count).ToArray();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            await output.WriteLineAsync($"usage: gateway {verb.Name} {verb.Usage}\n\n{verb.Summary}");
            return ExitCodes.Ok;
        }

        try
        {
            var parsed = CommandArguments.Parse(rest, verb.Flags);
            return await verb.Run(new VerbContext(rest, parsed, output, error, cancellation));
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"gateway {verb.Name}: {ex.Message}");
            await error.WriteLineAsync($"usage: gateway {verb.Name} {verb.Usage}");
            return ExitCodes.BadUsage;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return ExitCodes.Failed;
        }
    }

    private void WriteVerbList(TextWriter w)
    {
        w.WriteLine("usage: gateway <command> [options]\n\ncommands:");
        var width = _verbs.Max(v => v.Name.Length) + 2;
        foreach (var v in _verbs)
        {
            w.WriteLine($"  {v.Name.PadRight(width)}{v.Summary}");
        }

        w.WriteLine("\nRun 'gateway <command> --help' for its options. See docs/cli.md.");
    }

    private void WriteGroupHelp(TextWriter w, string first)
    {
        var group = _verbs.Where(v => v.Words[0] == first).ToList();
        if (group.Count == 0)
        {
            WriteVerbList(w);
            return;
        }

        w.WriteLine("commands:");
        foreach (var v in group)
        {
            w.WriteLine($"  gateway {v.Name} {v.Usage}");
        }
    }
}
