namespace Gateway.Sip.Tests.Parsing;

/// <summary>
/// Test messages modelled on RFC 4475 §3.1 (written for this project from the RFC's descriptions; line
/// ends are CRLF, "\t" is a tab). Each keeps the property the RFC test exercises.
/// </summary>
public static class Rfc4475Fixtures
{
    static string Crlf(string s) => s.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);

    /// <summary>§3.1.1.1 wsinv: a short tortuous INVITE (folding, odd spacing, compact forms, escapes, unknown headers).</summary>
    public static readonly string Wsinv = Crlf(
        "INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0\n" +
        "TO :\n sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n\n" +
        "from   : \"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\n  ;\n  tag = 98asjd8\n" +
        "MaX-fOrWaRdS: 0068\n" +
        "Call-ID: wsinv.ndaksdj@192.0.2.1\n" +
        "Content-Length   : 150\n" +
        "cseq: 0009\n  INVITE\n" +
        "Via  : SIP  /   2.0\n /UDP\n    192.0.2.2;branch=390skdjuw\n" +
        "s :\n" +
        "NewFangledHeader:   newfangled value\n continued newfangled value\n" +
        "UnknownHeaderWithUnusualValue: ;;,,;;,;\n" +
        "Content-Type: application/sdp\n" +
        "Route:\n <sip:services.example.com;lr;unknownwith=value;unknown-no-value>\n" +
        "v:  SIP  / 2.0  / TCP     spindle.example.com   ;\n  branch  =   z9hG4bK9ikj8  ,\n SIP  /    2.0   / UDP  192.168.255.111   ; branch=\n z9hG4bK30239\n" +
        "m:\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =\n      newvalue ;\n  secondparam ; q = 0.33\n" +
        "\n" +
        "v=0\n" +
        "o=mhandley 29739 7272939 IN IP4 192.0.2.3\n" +
        "s=-\n" +
        "c=IN IP4 192.0.2.4\n" +
        "t=0 0\n" +
        "m=audio 49217 RTP/AVP 0 12\n" +
        "m=video 3227 RTP/AVP 31\n" +
        "a=rtpmap:31 LPC\n");

    /// <summary>§3.1.1.3 esc01: escaped characters in the Request-URI user part.</summary>
    public static readonly string Esc01 = Crlf(
        "INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0\n" +
        "To: sip:%75se%72@example.com\n" +
        "From: <sip:I%20have%20spaces@example.net>;tag=938\n" +
        "Max-Forwards: 87\n" +
        "i: esc01.239409asdfakjkn23onasd0-3234\n" +
        "CSeq: 234234 INVITE\n" +
        "Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw\n" +
        "C: application/sdp\n" +
        "Contact:\n  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>\n" +
        "Content-Length: 0\n\n");

    /// <summary>§3.1.1.7 lwsdisp: no LWS between display name and &lt;.</summary>
    public static readonly string Lwsdisp = Crlf(
        "OPTIONS sip:user@example.com SIP/2.0\n" +
        "To: sip:user@example.com\n" +
        "From: caller<sip:caller@example.com>;tag=323\n" +
        "Max-Forwards: 70\n" +
        "Call-ID: lwsdisp.1234abcd@funky.example.com\n" +
        "CSeq: 60 OPTIONS\n" +
        "Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw\n" +
        "l: 0\n\n");

    /// <summary>§3.1.1.9 semiuri: a semicolon-separated parameter in the user part.</summary>
    public static readonly string Semiuri = Crlf(
        "OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0\n" +
        "To: sip:j_user@example.com\n" +
        "From: sip:caller@example.org;tag=33242\n" +
        "Max-Forwards: 3\n" +
        "Call-ID: semiuri.0ha0isndaksdj\n" +
        "CSeq: 8 OPTIONS\n" +
        "Accept: application/sdp, application/pkcs7-mime,\n        multipart/mixed, multipart/signed,\n        message/sip, message/sipfrag\n" +
        "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw\n" +
        "l: 0\n\n");

    /// <summary>§3.1.1.12 unreason: a reason phrase with UTF-8 and odd characters.</summary>
    public static readonly string Unreason = Crlf(
        "SIP/2.0 200 = 2**3 * 5**2 \u043d\u043e \u0441\u0442\u043e \u0434\u0435\u0432\u044f\u043d\u043e\u0441\u0442\u043e \u0434\u0435\u0432\u044f\u0442\u044c - \u043f\u0440\u043e\u0441\u0442\u043e\u0435\n" +
        "Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923\n" +
        "Call-ID: unreason.1234ksdfak3j2erwedfsASdf\n" +
        "CSeq: 35 INVITE\n" +
        "From: sip:user@example.com;tag=11141343\n" +
        "To: sip:user@example.edu;tag=2229\n" +
        "Content-Length: 0\n\n");

    /// <summary>§3.1.1.13 noreason: an empty reason phrase.</summary>
    public static readonly string Noreason = Crlf(
        "SIP/2.0 100 \n" +
        "Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe\n" +
        "Call-ID: noreason.asndj203insdf99223ndf\n" +
        "CSeq: 35 INVITE\n" +
        "From: <sip:user@example.com>;tag=39ansfi3\n" +
        "To: <sip:user@example.edu>;tag=902jndnke3\n" +
        "Content-Length: 0\n\n");

    /// <summary>§3.1.1.11-like: IPv6 references in Via, Request-URI and Contact (RFC 5118).</summary>
    public static readonly string Ipv6 = Crlf(
        "REGISTER sip:[2001:db8::10] SIP/2.0\n" +
        "To: sip:user@example.com\n" +
        "From: sip:user@example.com;tag=81x2\n" +
        "Via: SIP/2.0/UDP [2001:db8::9:1]:5060;branch=z9hG4bKas3-111;rport\n" +
        "Call-ID: SSG9559905523997077@hlau_4100\n" +
        "Max-Forwards: 70\n" +
        "Contact: \"Caller\" <sip:caller@[2001:db8::1]>\n" +
        "CSeq: 98176 REGISTER\n" +
        "Content-Length: 0\n\n");

    // ---- §3.1.2 invalid messages ----

    /// <summary>§3.1.2.2 clerr: Content-Length larger than the body.</summary>
    public static readonly string Clerr = Crlf(
        "INVITE sip:user@example.com SIP/2.0\n" +
        "Max-Forwards: 80\n" +
        "To: sip:j.user@example.com\n" +
        "From: sip:caller@example.net;tag=93942\n" +
        "Call-ID: clerr.0ha0isndaksdjweiafasdk3\n" +
        "CSeq: 8 INVITE\n" +
        "Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523\n" +
        "Content-Type: application/sdp\n" +
        "Content-Length: 9999\n\n" +
        "v=0\no=mhandley 29739 7272939 IN IP4 192.0.2.155\ns=-\nc=IN IP4 192.0.2.155\nt=0 0\nm=audio 49217 RTP/AVP 0\n");

    /// <summary>§3.1.2.3 scalar02: CSeq beyond 2^31 and Max-Forwards beyond 255.</summary>
    public static readonly string Scalar02 = Crlf(
        "REGISTER sip:example.com SIP/2.0\n" +
        "Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3\n" +
        "To: <sip:user@example.com>\n" +
        "From: <sip:user@example.com>;tag=239232jh3\n" +
        "CSeq: 36893488147419103232 REGISTER\n" +
        "Call-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9ui32\n" +
        "Max-Forwards: 300\n" +
        "Contact: <sip:user@host129.example.com>\n" +
        "l: 0\n\n");

    /// <summary>§3.1.2.4 scalarlg: a status code far out of range.</summary>
    public static readonly string Scalarlg = Crlf(
        "SIP/2.0 4294967301 better not break the receiver\n" +
        "Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe\n" +
        "Call-ID: scalarlg.noase0of0234hn2ae\n" +
        "CSeq: 0 INVITE\n" +
        "From: <sip:user@example.com>;tag=39ansfi3\n" +
        "To: <sip:user@example.edu>;tag=902jndnke3\n" +
        "Content-Length: 0\n\n");

    /// <summary>§3.1.2.5 quotbal: an unterminated quoted display name.</summary>
    public static readonly string Quotbal = Crlf(
        "INVITE sip:user@example.com SIP/2.0\n" +
        "To: \"Mr. J. User <sip:j.user@example.com>\n" +
        "From: sip:caller@example.net;tag=93334\n" +
        "Max-Forwards: 10\n" +
        "Call-ID: quotbal.aksdj\n" +
        "CSeq: 0 INVITE\n" +
        "Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw\n" +
        "l: 0\n\n");

    /// <summary>§3.1.2.6 ltgtruri: a Request-URI in angle brackets.</summary>
    public static readonly string Ltgtruri = Crlf(
        "INVITE <sip:user@example.com> SIP/2.0\n" +
        "To: sip:user@example.com\n" +
        "From: sip:caller@example.net;tag=39291\n" +
        "Max-Forwards: 23\n" +
        "Call-ID: ltgtruri.1@192.0.2.5\n" +
        "CSeq: 1 INVITE\n" +
        "Via: SIP/2.0/UDP 192.0.2.5\n" +
        "l: 0\n\n");

    /// <summary>§3.1.2.7 lwsruri: LWS inside the Request-URI.</summary>
    public static readonly string Lwsruri = Crlf(
        "INVITE sip:user@example.com; lr SIP/2.0\n" +
        "To: sip:user@example.com;tag=3xfe-9921883-z9f\n" +
        "From: sip:caller@example.net;tag=231413434\n" +
        "Max-Forwards: 5\n" +
        "Call-ID: lwsruri.asdfasdoeoi2323-asdfwrn23-asd834rk423\n" +
        "CSeq: 2130706432 INVITE\n" +
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKkdjuw2395\n" +
        "l: 0\n\n");

    /// <summary>§3.1.2.8 lwsstart: several spaces between the Request-Line elements.</summary>
    public static readonly string Lwsstart = Crlf(
        "INVITE  sip:user@example.com  SIP/2.0\n" +
        "Max-Forwards: 8\n" +
        "To: sip:user@example.com\n" +
        "From: sip:caller@example.net;tag=8814\n" +
        "Call-ID: lwsstart.dfknq234oi243099adsdfnawe3@example.com\n" +
        "CSeq: 1893884 INVITE\n" +
        "Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bKkdjuw3923\n" +
        "l: 0\n\n");

    /// <summary>§3.1.2.10 escruri: an unescaped space in a URI parameter.</summary>
    public static readonly string Escruri = Crlf(
        "INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0\n" +
        "To: sip:user@example.com\n" +
        "From: sip:caller@example.net;tag=341518\n" +
        "Max-Forwards: 7\n" +
        "Contact: <sip:caller@host39923.example.net>\n" +
        "Call-ID: escruri.23940-asdfhj-aje3br-234q098w-fawerh2q-h4n5\n" +
        "CSeq: 149209342 INVITE\n" +
        "Via: SIP/2.0/UDP host-of-the-hour.example.com;branch=z9hG4bKkdjuw\n" +
        "l: 0\n\n").Replace("Contact: <sip:caller@host39923.example.net>", "Contact: <sip:caller@host39923.example.net;x=a b>", StringComparison.Ordinal);

    /// <summary>§3.1.2.13 badaspec: an addr-spec with parameters and a '?' outside angle brackets.</summary>
    public static readonly string Badaspec = Crlf(
        "OPTIONS sip:user@example.org SIP/2.0\n" +
        "Via: SIP/2.0/UDP host4.example.com:5060;branch=z9hG4bKkdju43234\n" +
        "Max-Forwards: 70\n" +
        "From: \"Bell, Alexander\" <sip:a.g.bell@example.com>;tag=433423\n" +
        "To: \"Watson, Thomas\" < sip:t.watson@example.org >\n" +
        "Call-ID: badaspec.sdf0234n2nds0a099u23h3hnnw009cdkne3\n" +
        "Accept: application/sdp\n" +
        "CSeq: 3923239 OPTIONS\n" +
        "Contact: sip:t.watson@example.org?subject=x\n" +
        "l: 0\n\n");

    /// <summary>§3.1.2.14 baddn: a display name with unquoted non-token characters.</summary>
    public static readonly string Baddn = Crlf(
        "OPTIONS sip:t.watson@example.org SIP/2.0\n" +
        "Via:     SIP/2.0/UDP c.example.com:5060;branch=z9hG4bKkdjuw\n" +
        "Max-Forwards:      70\n" +
        "From:    Bell, Alexander <sip:a.g.bell@example.com>;tag=43\n" +
        "To:      Watson, Thomas <sip:t.watson@example.org>\n" +
        "Call-ID: baddn.31415@c.example.com\n" +
        "Accept: application/sdp\n" +
        "CSeq:    3923239 OPTIONS\n" +
        "l: 0\n\n");

    /// <summary>§3.1.2.15 badvers: SIP/7.0.</summary>
    public static readonly string Badvers = Crlf(
        "OPTIONS sip:t.watson@example.org SIP/7.0\n" +
        "Via:     SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw\n" +
        "Max-Forwards:     70\n" +
        "From:    A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe\n" +
        "To:      T. Watson <sip:t.watson@example.org>\n" +
        "Call-ID: badvers.31417@c.example.com\n" +
        "CSeq:    1 OPTIONS\n" +
        "l: 0\n\n");

    /// <summary>§3.1.2.16 mismatch01: CSeq method differs from the Request-Line method.</summary>
    public static readonly string Mismatch01 = Crlf(
        "OPTIONS sip:user@example.com SIP/2.0\n" +
        "To: sip:j.user@example.com\n" +
        "From: sip:caller@example.net;tag=34525\n" +
        "Max-Forwards: 6\n" +
        "Call-ID: mismatch01.dj0234sxdfl3\n" +
        "CSeq: 8 INVITE\n" +
        "Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw\n" +
        "l: 0\n\n");

    /// <summary>§3.1.2.19 (insuf-like): a request missing Call-ID, From and To.</summary>
    public static readonly string Insuf = Crlf(
        "INVITE sip:user@example.com SIP/2.0\n" +
        "CSeq: 193942 INVITE\n" +
        "Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf\n" +
        "Content-Type: application/sdp\n" +
        "l: 0\n\n");

    /// <summary>§3.1.2.x mcl01: two different Content-Length values.</summary>
    public static readonly string Mcl01 = Crlf(
        "OPTIONS sip:user@example.com SIP/2.0\n" +
        "Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bK293423\n" +
        "To: <sip:user@example.com>\n" +
        "From: <sip:other@example.net>;tag=3923942\n" +
        "Call-ID: mcl01.fhn2323orihawfdoa3o4r52o3irsdf\n" +
        "CSeq: 15932 OPTIONS\n" +
        "Content-Length: 13\n" +
        "Max-Forwards: 60\n" +
        "Content-Length: 5\n" +
        "Content-Type: text/plain\n\n" +
        "There's no way to know how many octets are supposed to be here.\n");
}
