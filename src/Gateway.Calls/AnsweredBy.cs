namespace Gateway.Calls;

/// <summary>What the classifier decided answered the call.</summary>
public enum AnsweredBy
{
    None,
    Fax,
    Person,
    Machine,
    Silence,
}
