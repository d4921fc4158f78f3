namespace Gateway.Sip.Transactions;

/// <summary>States of RFC 3261 §17 (Figures 5–8) plus Accepted from RFC 6026 §7.</summary>
public enum TransactionState { Calling, Trying, Proceeding, Accepted, Completed, Confirmed, Terminated }
