namespace Gateway.Media.Classification;

/// <summary>
/// Answer-classification timing, bound from configuration section "Media:AnswerClassifier". Defaults are
/// Asterisk AMD's (apps/app_amd.c, amd.conf.sample), except MaximumNumberOfWords, where we keep the code's 3.
/// </summary>
public sealed class AnswerClassifierOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Media:AnswerClassifier";

    /// <summary>Silence before any voice that ends analysis as <see cref="AnswerClass.Silence"/>.</summary>
    public int InitialSilenceMs { get; set; } = 2500;

    /// <summary>Voice longer than this in the greeting means a machine.</summary>
    public int GreetingMs { get; set; } = 1500;

    /// <summary>Silence after the greeting that means a person.</summary>
    public int AfterGreetingSilenceMs { get; set; } = 800;

    /// <summary>Give up (NOTSURE) after this long.</summary>
    public int TotalAnalysisTimeMs { get; set; } = 5000;

    /// <summary>Voice at least this long counts as a word.</summary>
    public int MinimumWordLengthMs { get; set; } = 100;

    /// <summary>Silence at least this long separates words.</summary>
    public int BetweenWordsSilenceMs { get; set; } = 50;

    /// <summary>This many words means a machine.</summary>
    public int MaximumNumberOfWords { get; set; } = 3;

    /// <summary>A single word longer than this means a machine.</summary>
    public int MaximumWordLengthMs { get; set; } = 5000;

    /// <summary>Call-progress plan: Russia, Kazakhstan, Europe, NorthAmerica or All.</summary>
    public string ToneRegion { get; set; } = "All";
}
