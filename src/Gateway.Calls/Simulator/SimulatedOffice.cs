namespace Gateway.Calls.Simulator;

/// <summary>How a simulated office behaves when the gateway calls it.</summary>
public enum SimulatedOffice
{
    /// <summary>A fax machine behind a T.38 gateway: answers with CED, and its gateway switches to T.38 a second later.</summary>
    FaxMachine,

    /// <summary>A person: "Allo?", listens to the prompt, says "Da", switches the machine on (T.38).</summary>
    Person,

    /// <summary>Busy on the first call (486), a person on the next.</summary>
    BusyOnce,

    /// <summary>Always busy (486 Busy Here).</summary>
    Busy,

    /// <summary>A person who says "Allo?" and then never answers the prompt.</summary>
    SilentPerson,

    /// <summary>Rings and never answers.</summary>
    NoAnswer,

    /// <summary>An answering machine with a long greeting.</summary>
    AnsweringMachine,
}
