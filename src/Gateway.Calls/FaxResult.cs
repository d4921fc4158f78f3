namespace Gateway.Calls;

/// <summary>What the T.30 session reported at its end, as the call layer needs it.</summary>
/// <param name="Completed">True when the session ended in phase E with every page confirmed.</param>
/// <param name="DisSeen">True once the far end's DIS was received: a fax machine was there.</param>
/// <param name="PagesConfirmed">Pages confirmed by MCF in this call (not counting a resumed start).</param>
/// <param name="Code">The T.30 completion code (spandsp-style T30_ERR_* name).</param>
/// <param name="Text">Human-readable completion text.</param>
public sealed record FaxResult(
    bool Completed,
    bool DisSeen,
    int PagesConfirmed,
    string Code,
    string Text,
    int BitRate = 0,
    bool Ecm = false,
    string? RemoteIdent = null);
