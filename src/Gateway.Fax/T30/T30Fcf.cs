namespace Gateway.Fax.T30;

/// <summary>
/// Facsimile control field values (T.30 §5.3.6, Table 2 of §5.3.6.1). The octet is stored with the
/// first transmitted bit as its least significant bit, the same as the HDLC octets on the line, so the
/// T.30 pattern "0000 0001" (DIS) is 0x80. The X bit (first bit, 0x01) is set by the station that
/// received a valid DIS (T.30 §5.3.6.1); compare with <see cref="WithoutX"/>.
/// </summary>
public static class T30Fcf
{
    /// <summary>The X bit: 1 on frames sent by the station that received DIS.</summary>
    public const byte XBit = 0x01;

    /// <summary>Clears the X bit.</summary>
    public static byte WithoutX(byte fcf) => (byte)(fcf & 0xFE);

    // Initial identification (called → calling)
    /// <summary>Digital identification signal [0000 0001].</summary>
    public const byte Dis = 0x80;
    /// <summary>Called subscriber identification [0000 0010].</summary>
    public const byte Csi = 0x40;
    /// <summary>Non-standard facilities [0000 0100].</summary>
    public const byte Nsf = 0x20;

    // Command to send (calling receiver → called transmitter)
    /// <summary>Digital transmit command [1000 0001].</summary>
    public const byte Dtc = 0x81;
    /// <summary>Calling subscriber identification [1000 0010].</summary>
    public const byte Cig = 0x41;
    /// <summary>Non-standard facilities command [1000 0100].</summary>
    public const byte Nsc = 0x21;
    /// <summary>Password for polling [1000 0011].</summary>
    public const byte PwdPolling = 0xC1;
    /// <summary>Selective polling address [1000 0101].</summary>
    public const byte Sep = 0xA1;

    // Command to receive
    /// <summary>Digital command signal [X100 0001].</summary>
    public const byte Dcs = 0x82;
    /// <summary>Transmitting subscriber identification [X100 0010].</summary>
    public const byte Tsi = 0x42;
    /// <summary>Non-standard facilities set-up [X100 0100].</summary>
    public const byte Nss = 0x22;
    /// <summary>Subaddress [X100 0011].</summary>
    public const byte Sub = 0xC2;
    /// <summary>Sender identification / password for transmission [X100 0101].</summary>
    public const byte Sid = 0xA2;
    /// <summary>Continue to correct [X100 1000].</summary>
    public const byte Ctc = 0x12;

    // Pre-message responses
    /// <summary>Confirmation to receive [X010 0001].</summary>
    public const byte Cfr = 0x84;
    /// <summary>Failure to train [X010 0010].</summary>
    public const byte Ftt = 0x44;
    /// <summary>Response to continue to correct [X010 0011].</summary>
    public const byte Ctr = 0xC4;

    // Post-message commands
    /// <summary>End of message [X111 0001].</summary>
    public const byte Eom = 0x8E;
    /// <summary>Multipage signal [X111 0010].</summary>
    public const byte Mps = 0x4E;
    /// <summary>End of procedure [X111 0100].</summary>
    public const byte Eop = 0x2E;
    /// <summary>Procedure interrupt EOM [X111 1001].</summary>
    public const byte PriEom = 0x9E;
    /// <summary>Procedure interrupt MPS [X111 1010].</summary>
    public const byte PriMps = 0x5E;
    /// <summary>Procedure interrupt EOP [X111 1100].</summary>
    public const byte PriEop = 0x3E;
    /// <summary>Partial page signal [X111 1101] (ECM, T.30 §A.4).</summary>
    public const byte Pps = 0xBE;
    /// <summary>End of retransmission [X111 0011].</summary>
    public const byte Eor = 0xCE;
    /// <summary>Receiver ready [X111 0110].</summary>
    public const byte Rr = 0x6E;

    // Post-message responses
    /// <summary>Message confirmation [X011 0001].</summary>
    public const byte Mcf = 0x8C;
    /// <summary>Retrain positive [X011 0011].</summary>
    public const byte Rtp = 0xCC;
    /// <summary>Retrain negative [X011 0010].</summary>
    public const byte Rtn = 0x4C;
    /// <summary>Procedure interrupt positive [X011 0101].</summary>
    public const byte Pip = 0xAC;
    /// <summary>Procedure interrupt negative [X011 0100].</summary>
    public const byte Pin = 0x2C;
    /// <summary>Partial page request [X011 1101].</summary>
    public const byte Ppr = 0xBC;
    /// <summary>Receive not ready [X011 0111].</summary>
    public const byte Rnr = 0xEC;
    /// <summary>Response for end of retransmission [X011 1000].</summary>
    public const byte Err = 0x1C;

    // Other line control
    /// <summary>Disconnect [X101 1111].</summary>
    public const byte Dcn = 0xFA;
    /// <summary>Command repeat [X101 1000].</summary>
    public const byte Crp = 0x1A;
    /// <summary>Field not valid [X101 0011].</summary>
    public const byte Fnv = 0xCA;

    // ECM information frames (T.4 Annex A)
    /// <summary>Facsimile coded data [0110 0000].</summary>
    public const byte Fcd = 0x06;
    /// <summary>Return to control for partial page [0110 0001].</summary>
    public const byte Rcp = 0x86;

    /// <summary>A short name for logs and results ("DIS", "MCF"…), with the X bit ignored where it applies.</summary>
    public static string Name(byte fcf) => fcf switch
    {
        Dis => "DIS",
        Csi => "CSI",
        Nsf => "NSF",
        Dtc => "DTC",
        Cig => "CIG",
        Nsc => "NSC",
        PwdPolling => "PWD",
        Sep => "SEP",
        Fcd => "FCD",
        Rcp => "RCP",
        _ => WithoutX(fcf) switch
        {
            Dcs => "DCS",
            Tsi => "TSI",
            Nss => "NSS",
            Sub => "SUB",
            Sid => "SID",
            Ctc => "CTC",
            Cfr => "CFR",
            Ftt => "FTT",
            Ctr => "CTR",
            Eom => "EOM",
            Mps => "MPS",
            Eop => "EOP",
            PriEom => "PRI-EOM",
            PriMps => "PRI-MPS",
            PriEop => "PRI-EOP",
            Pps => "PPS",
            Eor => "EOR",
            Rr => "RR",
            Mcf => "MCF",
            Rtp => "RTP",
            Rtn => "RTN",
            Pip => "PIP",
            Pin => "PIN",
            Ppr => "PPR",
            Rnr => "RNR",
            Err => "ERR",
            Dcn => "DCN",
            Crp => "CRP",
            Fnv => "FNV",
            _ => $"0x{fcf:X2}",
        },
    };
}
