using Gateway.Fax.T30.Frames;

namespace Gateway.Fax.T30;

// Transmitter, phase B: the DCS we choose from the receiver's DIS/DTC (T.30 §5.3.1, Table 2).
public sealed partial class T30Session
{
    private void OnDis(DisFrame dis)
    {
        StopTimer();
        _remoteDis = dis;
        if (_source is not null && _pageIndex < _source.PageCount && (dis.ReadyToReceive || dis.IsDtc))
        {
            StartTransmitter(dis);
            return;
        }
        if (_sink is not null && dis.ReadyToTransmit && !dis.IsDtc)
        {
            // Polling (T.30 §5.3.6.2.5): answer DIS with CIG + DTC and become the receiver.
            SendDis();
            return;
        }
        Finish(dis.ReadyToReceive ? T30CompletionCode.RemoteCannotTransmit : T30CompletionCode.RemoteCannotReceive,
            "The far end cannot do what we need (receive a document, or send one when polled).", sendDcn: true);
    }

    private void StartTransmitter(DisFrame dis)
    {
        var common = _settings.Modems & dis.Modems;
        var maxIndex = FaxModemInfo.FallbackOrder.ToList().IndexOf(_settings.MaxModem);
        _modems = FaxModemInfo.FallbackOrder.Skip(Math.Max(0, maxIndex)).Where(m =>
            (m.IsV17() && common.HasFlag(ModemSupport.V17)) ||
            (m.IsV29() && common.HasFlag(ModemSupport.V29)) ||
            (m.IsV27ter() && common.HasFlag(ModemSupport.V27ter))).ToList();
        if (_modems.Count == 0)
        {
            Finish(T30CompletionCode.Incompatible, "No image modem in common with the far end.", sendDcn: true);
            return;
        }
        if (_state == State.AwaitDis && _callPage == 0)
            _pageIndex = _settings.StartPage;
        _modemIndex = 0;
        _commandTries = 0;
        if (!Negotiate(dis))
            return;
        SendDcsAndTcf();
    }

    private bool Negotiate(DisFrame dis)
    {
        var ecm = _settings.Ecm && dis.Ecm;
        T30Compression compression;
        if (ecm && dis.T6 && _settings.Compressions.Contains(T30Compression.MMR))
            compression = T30Compression.MMR;
        else if (dis.TwoDimensional && _settings.Compressions.Contains(T30Compression.MR))
            compression = T30Compression.MR;
        else if (_settings.Compressions.Contains(T30Compression.MH))
            compression = T30Compression.MH;
        else
        {
            Finish(T30CompletionCode.Incompatible, "No page coding in common with the far end.", sendDcn: true);
            return false;
        }
        var format = _source!.GetFormat(_pageIndex);
        var resolution = FitResolution(format.Resolution, dis);
        var width = (RecordingWidth)Math.Min((int)format.Width, (int)dis.MaxWidth);
        var modem = _modems[_modemIndex];
        var scanMs = ecm ? 0 : MinScanMilliseconds(dis, resolution);
        _dcs = new DcsFrame
        {
            Modem = modem,
            Fine = resolution == T30Resolution.Fine,
            Superfine = resolution == T30Resolution.Superfine,
            R300 = resolution == T30Resolution.R300,
            R16 = resolution == T30Resolution.R16,
            Inch = resolution == T30Resolution.R300, // bit 44: 300 × 300 is inch-based, the R8/R16 family metric
            TwoDimensional = compression == T30Compression.MR,
            T6 = compression == T30Compression.MMR,
            Width = width,
            Length = dis.MaxLength == RecordingLength.Unlimited ? RecordingLength.Unlimited : dis.MaxLength,
            MinScanLineTime = ScanCode(scanMs),
            Ecm = ecm,
            Ecm64OctetFrames = ecm && _settings.EcmFrameSize == 64,
            SubaddressTransmission = _settings.Subaddress is not null && dis.Subaddressing,
            SenderIdTransmission = _settings.SenderId is not null && dis.Password,
        };
        _encoding = new T30PageEncoding(compression, resolution, width, modem.BitRate() * scanMs / 1000);
        _result = _result with
        {
            Modem = modem,
            Ecm = ecm,
            EcmFrameSize = ecm ? _settings.EcmFrameSize : 0,
            Resolution = resolution,
            Compression = compression,
        };
        return true;
    }

    /// <summary>
    /// The page's resolution, or the nearest lower one the far end offers in DIS (T.30 Table 2 bits 15, 41-43):
    /// R16 → superfine (half the pels across, the same lines), 300 × 300 → fine, superfine → fine → standard.
    /// The page source resamples the page to what is chosen.
    /// </summary>
    internal static T30Resolution FitResolution(T30Resolution resolution, DisFrame dis)
    {
        if (resolution == T30Resolution.R16 && !dis.R16)
            resolution = T30Resolution.Superfine;
        if (resolution == T30Resolution.R300 && !dis.R300)
            resolution = T30Resolution.Fine;
        if (resolution == T30Resolution.Superfine && !dis.Superfine)
            resolution = T30Resolution.Fine;
        if (resolution == T30Resolution.Fine && !dis.Fine)
            resolution = T30Resolution.Standard;
        return resolution;
    }

    // The minimum scan line time the receiver asked for (DIS bits 21-23 and 46) at a given resolution;
    // the same reading of T.30 Table 2 as spandsp's translate_min_scan_time.
    private static int MinScanMilliseconds(DisFrame dis, T30Resolution resolution)
    {
        ReadOnlySpan<int> standard = [20, 5, 10, 20, 40, 40, 10, 0];
        ReadOnlySpan<int> fine = [20, 5, 10, 10, 40, 20, 5, 0];
        ReadOnlySpan<int> superfineHalf = [10, 5, 5, 5, 20, 10, 5, 0];
        var code = (int)dis.MinScanLineTime;
        return resolution switch
        {
            T30Resolution.Standard => standard[code],
            T30Resolution.Superfine or T30Resolution.R16 when dis.MinScanHalvesAtSuperfine => superfineHalf[code],
            _ => fine[code],
        };
    }

    private static MinScanLineTime ScanCode(int ms) => ms switch
    {
        20 => MinScanLineTime.Ms20,
        5 => MinScanLineTime.Ms5,
        10 => MinScanLineTime.Ms10,
        40 => MinScanLineTime.Ms40,
        _ => MinScanLineTime.Ms0,
    };
}
