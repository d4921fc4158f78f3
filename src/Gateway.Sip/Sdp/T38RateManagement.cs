namespace Gateway.Sip.Sdp;

/// <summary>T38FaxRateManagement (T.38 Annex D.2.3): who generates the TCF training check.</summary>
public enum T38RateManagement { LocalTcf, TransferredTcf }
