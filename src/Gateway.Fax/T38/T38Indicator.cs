namespace Gateway.Fax.T38;

/// <summary>T30-indicator values of T.38 Annex A (IFP). Values 0-15 are the root of the ENUMERATED; 16-22 are extensions (v1+).</summary>
public enum T38Indicator
{
    /// <summary>No signal.</summary>
    NoSignal = 0,
    /// <summary>CNG tone.</summary>
    Cng,
    /// <summary>CED tone.</summary>
    Ced,
    /// <summary>V.21 flags (preamble).</summary>
    V21Preamble,
    /// <summary>V.27 ter 2400 training.</summary>
    V27ter2400Training,
    /// <summary>V.27 ter 4800 training.</summary>
    V27ter4800Training,
    /// <summary>V.29 7200 training.</summary>
    V29_7200Training,
    /// <summary>V.29 9600 training.</summary>
    V29_9600Training,
    /// <summary>V.17 7200 short training.</summary>
    V17_7200ShortTraining,
    /// <summary>V.17 7200 long training.</summary>
    V17_7200LongTraining,
    /// <summary>V.17 9600 short training.</summary>
    V17_9600ShortTraining,
    /// <summary>V.17 9600 long training.</summary>
    V17_9600LongTraining,
    /// <summary>V.17 12000 short training.</summary>
    V17_12000ShortTraining,
    /// <summary>V.17 12000 long training.</summary>
    V17_12000LongTraining,
    /// <summary>V.17 14400 short training.</summary>
    V17_14400ShortTraining,
    /// <summary>V.17 14400 long training.</summary>
    V17_14400LongTraining,
    /// <summary>V.8 ANSam (extension, v1+).</summary>
    V8Ansam,
    /// <summary>V.8 signal (extension).</summary>
    V8Signal,
    /// <summary>V.34 control channel 1200 (extension).</summary>
    V34CntlChannel1200,
    /// <summary>V.34 primary channel (extension).</summary>
    V34PriChannel,
    /// <summary>V.34 CC retrain (extension).</summary>
    V34CcRetrain,
    /// <summary>V.33 12000 training (extension).</summary>
    V33_12000Training,
    /// <summary>V.33 14400 training (extension).</summary>
    V33_14400Training,
}
