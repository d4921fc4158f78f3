using System.Globalization;

namespace Gateway.Sip.Sdp;

/// <summary>
/// The T.38 session attributes of an <c>m=image udptl t38</c> section (ITU-T T.38 Annex D.2.3, RFC 4612).
/// Reading accepts what real peers send: names in any case, booleans bare or as <c>:1</c>/<c>:0</c>,
/// and the aliases <c>T38MaxDatagram</c> and <c>T38FaxMaxRate</c> (Asterisk res_pjsip_t38 accepts them too).
/// A missing T38FaxVersion means version 0 (3GPP TS 29.163 K.2).
/// </summary>
public sealed record T38Parameters
{
    public int Version { get; init; }
    public int? MaxBitRate { get; init; } = 14400;
    public bool FillBitRemoval { get; init; }
    public bool TranscodingMmr { get; init; }
    public bool TranscodingJbig { get; init; }
    public T38RateManagement RateManagement { get; init; } = T38RateManagement.TransferredTcf;
    public int? MaxBuffer { get; init; }
    public int? MaxDatagram { get; init; }
    public T38ErrorCorrection ErrorCorrection { get; init; } = T38ErrorCorrection.Redundancy;

    /// <summary>Our default offer: version 0, 14400 bit/s, transferredTCF, redundancy (TS 29.163 K.2 values for buffer/datagram).</summary>
    public static T38Parameters Default { get; } = new() { MaxBuffer = 1800, MaxDatagram = 400 };

    public static T38Parameters FromMedia(SdpMedia m)
    {
        var p = new T38Parameters { MaxBitRate = null, ErrorCorrection = T38ErrorCorrection.None, RateManagement = T38RateManagement.TransferredTcf };
        foreach (var a in m.Attributes)
        {
            var v = a.Value?.Trim();
            switch (a.Name.ToLowerInvariant())
            {
                case "t38faxversion": p = p with { Version = Int(v) ?? 0 }; break;
                case "t38maxbitrate":
                case "t38faxmaxrate": p = p with { MaxBitRate = Int(v) }; break;
                case "t38faxfillbitremoval": p = p with { FillBitRemoval = Flag(v) }; break;
                case "t38faxtranscodingmmr": p = p with { TranscodingMmr = Flag(v) }; break;
                case "t38faxtranscodingjbig": p = p with { TranscodingJbig = Flag(v) }; break;
                case "t38faxratemanagement":
                    p = p with { RateManagement = string.Equals(v, "localTCF", StringComparison.OrdinalIgnoreCase) ? T38RateManagement.LocalTcf : T38RateManagement.TransferredTcf };
                    break;
                case "t38faxmaxbuffer": p = p with { MaxBuffer = Int(v) }; break;
                case "t38faxmaxdatagram":
                case "t38maxdatagram": p = p with { MaxDatagram = Int(v) }; break;
                case "t38faxudpec":
                    p = p with
                    {
                        ErrorCorrection = v?.ToLowerInvariant() switch
                        {
                            "t38udpredundancy" => T38ErrorCorrection.Redundancy,
                            "t38udpfec" => T38ErrorCorrection.Fec,
                            _ => T38ErrorCorrection.None,
                        },
                    };
                    break;
            }
        }
        return p;
    }

    /// <summary>A bare flag is true; ":1" true; ":0" false (FreeSWITCH "broken_boolean" form).</summary>
    static bool Flag(string? v) => v is null || v.Length == 0 || v != "0";

    static int? Int(string? v) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;

    /// <summary>Writes the attributes in the canonical form (booleans as bare flags, RFC 4612 §2).</summary>
    public void WriteTo(SdpMedia m)
    {
        m.Attributes.RemoveAll(a => a.Name.StartsWith("T38", StringComparison.OrdinalIgnoreCase));
        var inv = CultureInfo.InvariantCulture;
        m.Attributes.Add(new("T38FaxVersion", Version.ToString(inv)));
        if (MaxBitRate is int r) m.Attributes.Add(new("T38MaxBitRate", r.ToString(inv)));
        if (FillBitRemoval) m.Attributes.Add(new("T38FaxFillBitRemoval", null));
        if (TranscodingMmr) m.Attributes.Add(new("T38FaxTranscodingMMR", null));
        if (TranscodingJbig) m.Attributes.Add(new("T38FaxTranscodingJBIG", null));
        m.Attributes.Add(new("T38FaxRateManagement", RateManagement == T38RateManagement.LocalTcf ? "localTCF" : "transferredTCF"));
        if (MaxBuffer is int b) m.Attributes.Add(new("T38FaxMaxBuffer", b.ToString(inv)));
        if (MaxDatagram is int d) m.Attributes.Add(new("T38FaxMaxDatagram", d.ToString(inv)));
        if (ErrorCorrection != T38ErrorCorrection.None)
            m.Attributes.Add(new("T38FaxUdpEC", ErrorCorrection == T38ErrorCorrection.Fec ? "t38UDPFEC" : "t38UDPRedundancy"));
    }

    /// <summary>
    /// The answer to an offer (T.38 Annex D.2.3 / RFC 4612 negotiation): version and bit rate the lower
    /// of both, rate management as offered, booleans only if both support them, error correction as
    /// offered when we support it, buffer and datagram ours.
    /// </summary>
    public T38Parameters AnswerTo(T38Parameters offer) => new()
    {
        Version = Math.Min(Version, offer.Version),
        MaxBitRate = offer.MaxBitRate is int o && MaxBitRate is int m ? Math.Min(o, m) : MaxBitRate ?? offer.MaxBitRate,
        FillBitRemoval = FillBitRemoval && offer.FillBitRemoval,
        TranscodingMmr = TranscodingMmr && offer.TranscodingMmr,
        TranscodingJbig = TranscodingJbig && offer.TranscodingJbig,
        RateManagement = offer.RateManagement,
        MaxBuffer = MaxBuffer,
        MaxDatagram = MaxDatagram,
        ErrorCorrection = offer.ErrorCorrection == T38ErrorCorrection.Fec && ErrorCorrection != T38ErrorCorrection.Fec ? T38ErrorCorrection.Redundancy : offer.ErrorCorrection,
    };
}
