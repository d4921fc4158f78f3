namespace Gateway.Fax.T30;

/// <summary>
/// How a T.30 call ended; modelled on spandsp's T30_ERR_* set so operators can compare logs.
/// Names starting with Tx/Rx concern the transmitting/receiving side.
/// </summary>
public enum T30CompletionCode
{
    /// <summary>All pages sent (or received) and confirmed, ended with DCN (T30_ERR_OK).</summary>
    Ok = 0,
    /// <summary>The session was never started or is still running.</summary>
    InProgress,
    /// <summary>No DIS/DCS exchange within T1 (T30_ERR_T1EXP / no fax at the far end).</summary>
    T1Expired,
    /// <summary>The far end has no modem, coding or page size we can use (T30_ERR_INCOMPATIBLE).</summary>
    Incompatible,
    /// <summary>The far end cannot receive (DIS without "ready to receive", T30_ERR_NORECEIVE? / T30_ERR_TX_INCOMPAT).</summary>
    RemoteCannotReceive,
    /// <summary>The far end has nothing to send when polled (T30_ERR_RX_INCAPABLE).</summary>
    RemoteCannotTransmit,
    /// <summary>Training failed at every rate (T30_ERR_CANNOT_TRAIN).</summary>
    CannotTrain,
    /// <summary>No response to DCS/TCF after three tries (T30_ERR_TX_PHBDEAD).</summary>
    TxPhaseBNoResponse,
    /// <summary>No response to the post-page command after three tries (T30_ERR_TX_PHDDEAD).</summary>
    TxPhaseDNoResponse,
    /// <summary>The receiver rejected a page three times (RTN/PIN; T30_ERR_RETRYDCN).</summary>
    TxPageRejected,
    /// <summary>DCN received while transmitting (T30_ERR_TX_GOTDCN).</summary>
    TxGotDcn,
    /// <summary>An ECM error in phase D (bad PPR, T30_ERR_TX_ECMPHD).</summary>
    TxEcmPhaseD,
    /// <summary>The receiver stayed not-ready past T5 (T30_ERR_TX_T5EXP).</summary>
    TxT5Expired,
    /// <summary>An unexpected response (T30_ERR_TX_INVALRSP).</summary>
    TxInvalidResponse,
    /// <summary>No command after DIS within T1/T2 (T30_ERR_RX_T2EXPDCS / T30_ERR_RX_T1EXP).</summary>
    RxNoCommand,
    /// <summary>No image carrier after CFR within T2 (T30_ERR_RX_NOCARRIER).</summary>
    RxNoCarrier,
    /// <summary>No post-page command within T2 (T30_ERR_RX_T2EXPMPS etc.).</summary>
    RxNoPostPageCommand,
    /// <summary>DCN before the document was complete (T30_ERR_RX_DCNDATA / DCNPHD / DCNFAX).</summary>
    RxDcnEarly,
    /// <summary>An ECM error in phase D (T30_ERR_RX_ECMPHD).</summary>
    RxEcmPhaseD,
    /// <summary>A command we cannot act on (T30_ERR_RX_INVALCMD).</summary>
    RxInvalidCommand,
    /// <summary>The line went away (T30_ERR_CALLDROPPED).</summary>
    CallDropped,
    /// <summary>Ended locally (T30_ERR_CALLDROPPED by request).</summary>
    Aborted,
    /// <summary>Nothing to send: the start page is past the last page (T30_ERR_NOPAGE).</summary>
    NoPages,
    /// <summary>The page source failed to code a page (T30_ERR_FILEERROR).</summary>
    PageSourceFailed,
}
