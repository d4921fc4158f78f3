namespace Gateway.Calls;

/// <summary>What one call needs to know beyond its destination and document.</summary>
public sealed record FaxCallSettings
{
    public FaxCallTimeouts Timeouts { get; init; } = new();

    public T38Policy T38 { get; init; } = T38Policy.Accept;

    public MachineAction OnMachine { get; init; } = MachineAction.HangUpAndRetry;

    /// <summary>Pages this call must deliver (after a resume, the pages still unconfirmed).</summary>
    public int PagesTotal { get; init; }

    /// <summary>
    /// Play the prompt to a person (or silence) and fax only after their reply. False (<c>gateway send
    /// --no-prompt</c>): only a fax machine that answers with fax tones gets the fax; anyone else is NotAFax.
    /// </summary>
    public bool PromptPeople { get; init; } = true;
}
