namespace Gateway.Api.Auth;

/// <summary>
/// Roles, each including the rights of those below it: a viewer reads; a submitter also creates
/// campaigns, uploads and sends faxes; an operator also starts, pauses, cancels, manages the
/// do-not-fax list and retry batches; an admin also manages API keys.
/// </summary>
public enum ApiRole
{
    /// <summary>Read only.</summary>
    Viewer = 1,

    /// <summary>Creates campaigns, destinations, documents and single faxes.</summary>
    Submitter = 2,

    /// <summary>Controls campaigns and faxes, do-not-fax list, retry batches.</summary>
    Operator = 3,

    /// <summary>Manages API keys.</summary>
    Admin = 4,
}
