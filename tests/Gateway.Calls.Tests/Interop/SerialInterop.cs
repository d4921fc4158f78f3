using Xunit;

namespace Gateway.Calls.Tests.Interop;

/// <summary>
/// Interop classes in this collection run one after another instead of alongside the other classes'
/// real-time calls: on a 2-core host every extra simultaneous G.711 call (our modems and spandsp's, paced in
/// real time) slows the rest, and the BYE and re-INVITE moments of the timing-driven cases are fixed.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SerialInterop
{
    public const string Name = "Calls interop, serial";
}
