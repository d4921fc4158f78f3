namespace Gateway.Sip.Sdp;

/// <summary>T38FaxUdpEC (T.38 Annex D.2.3): UDPTL error correction scheme.</summary>
public enum T38ErrorCorrection { None, Redundancy, Fec }
