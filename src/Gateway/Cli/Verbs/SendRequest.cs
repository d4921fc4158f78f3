using System.Globalization;
using System.Text.Json;
using Gateway.Calls;
using Gateway.Campaigns.Domain;
using Gateway.Fax.Pages;

namespace Gateway.Cli.Verbs;

/// <summary>The options of <c>gateway send</c>, checked: every mistake is a <see cref="UsageException"/> naming the option.</summary>
public sealed record SendRequest
{
    /// <summary>Number to dial, as given.</summary>
    public required string To { get; init; }

    /// <summary>Documents in order.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>Trunk URI.</summary>
    public required string Trunk { get; init; }

    /// <summary>Digest user.</summary>
    public string? User { get; init; }

    /// <summary>Digest password (also from GATEWAY_TRUNK_PASSWORD so it stays out of the process list).</summary>
    public string? Password { get; init; }

    /// <summary>Caller number.</summary>
    public string? From { get; init; }

    /// <summary>TSI (T.30 §5.3.6.2.4: up to 20 digits, '+' and space).</summary>
    public string? Ident { get; init; }

    /// <summary>Sender name in the header line.</summary>
    public string? Header { get; init; }

    /// <summary>A WAV prompt instead of the default.</summary>
    public string? PromptPath { get; init; }

    /// <summary>False for --no-prompt: only a fax machine that announces itself gets the fax.</summary>
    public bool PromptPeople { get; init; } = true;

    /// <summary>T.38 policy.</summary>
    public T38Policy T38 { get; init; } = T38Policy.Accept;

    /// <summary>ECM offered.</summary>
    public bool Ecm { get; init; } = true;

    /// <summary>Highest rate.</summary>
    public int MaxRate { get; init; } = 14400;

    /// <summary>Where to write the JSON result.</summary>
    public string? ResultPath { get; init; }

    /// <summary>Upper bound of the whole call.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Region for numbers without +country code (ISO 3166, e.g. KZ).</summary>
    public string? Region { get; init; }

    /// <summary>Destination time zone override.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Local calling window of the destination.</summary>
    public CallWindows Window { get; init; } = CallWindows.Default;

    /// <summary>Page resolution the documents are rasterized at.</summary>
    public FaxResolution Resolution { get; init; } = FaxResolution.Fine;

    /// <summary>Local address for SIP and media.</summary>
    public string Listen { get; init; } = "0.0.0.0";

    /// <summary>Media port range.</summary>
    public (int First, int Last) MediaPorts { get; init; } = (40000, 40999);

    /// <summary>No live progress lines.</summary>
    public bool Quiet { get; init; }

    /// <summary>
    /// A service configuration file (appsettings.json) whose call and detection settings (<c>Calls:Fax</c>,
    /// <c>Media:AnswerClassifier</c>, <c>Media:Reply</c>, <c>Media:Speech</c>, <c>Media:Vad</c>) the call uses, so a
    /// test fax behaves like the service's calls; options given here still win.
    /// </summary>
    public string? ConfigPath { get; init; }

    /// <summary>Reads and checks the options.</summary>
    public static SendRequest Parse(CommandArguments a)
    {
        string to = a.Required("to");
        IReadOnlyList<string> files = a.Options("file");
        if (files.Count == 0)
        {
            throw new UsageException("missing required option --file");
        }

        foreach (string f in files)
        {
            if (!File.Exists(f))
            {
                throw new UsageException($"--file '{f}': no such file");
            }
        }

        string trunk = a.Required("trunk");
        string? prompt = a.Option("prompt");
        bool noPrompt = a.Flag("no-prompt");
        if (prompt is not null && noPrompt)
        {
            throw new UsageException("--prompt and --no-prompt exclude each other");
        }

        if (prompt is not null && !File.Exists(prompt))
        {
            throw new UsageException($"--prompt '{prompt}': no such file");
        }

        string? config = a.Option("config");
        if (config is not null && !File.Exists(config))
        {
            throw new UsageException($"--config '{config}': no such file");
        }

        string? ident = a.Option("ident");
        if (ident is not null && (ident.Length > 20 || ident.Any(c => !(char.IsAsciiDigit(c) || c is '+' or ' '))))
        {
            throw new UsageException($"--ident '{ident}': a TSI is up to 20 digits, '+' and spaces (T.30 §5.3.6.2.4)");
        }

        var request = new SendRequest
        {
            To = to,
            Files = files,
            Trunk = trunk,
            User = a.Option("user"),
            Password = a.Option("password") ?? Environment.GetEnvironmentVariable("GATEWAY_TRUNK_PASSWORD"),
            From = a.Option("from"),
            Ident = ident,
            Header = a.Option("header"),
            PromptPath = prompt,
            PromptPeople = !noPrompt,
            T38 = a.Option("t38") switch
            {
                null or "accept" => T38Policy.Accept,
                "request" => T38Policy.Request,
                "off" => T38Policy.Off,
                var other => throw new UsageException($"--t38 '{other}': accept, request or off"),
            },
            Ecm = a.Option("ecm") switch
            {
                null or "on" => true,
                "off" => false,
                var other => throw new UsageException($"--ecm '{other}': on or off"),
            },
            MaxRate = a.Int("max-rate", 2400, 14400) is { } rate
                ? (rate is 2400 or 4800 or 7200 or 9600 or 12000 or 14400 ? rate : throw new UsageException($"--max-rate {rate}: one of 2400, 4800, 7200, 9600, 12000, 14400"))
                : 14400,
            ResultPath = a.Option("result"),
            Timeout = TimeSpan.FromSeconds(a.Int("timeout", 10, 24 * 3600) ?? 1800),
            Region = a.Option("region"),
            TimeZone = a.Option("time-zone"),
            Window = a.Option("window") is { } w ? ParseWindow(w) : CallWindows.Default,
            Resolution = a.Option("resolution") switch
            {
                null or "fine" => FaxResolution.Fine,
                "standard" => FaxResolution.Standard,
                var other => throw new UsageException($"--resolution '{other}': standard or fine"),
            },
            Listen = a.Option("listen") ?? "0.0.0.0",
            MediaPorts = a.Option("media-ports") is { } p ? ParseRange(p) : (40000, 40999),
            Quiet = a.Flag("quiet"),
            ConfigPath = config,
        };
        a.EnsureAllUsed(0);
        return request;
    }

    private static CallWindows ParseWindow(string text)
    {
        var ranges = new List<WeeklyRange>();
        // The same syntax as the campaign verbs' --window; its objects are the API's {days, from, to}.
        foreach (object window in WindowArgument.Parse(text))
        {
            JsonElement w = JsonSerializer.SerializeToElement(window);
            foreach (JsonElement day in w.GetProperty("days").EnumerateArray())
            {
                ranges.Add(new WeeklyRange(DayOf(day.GetString()!), ParseTime(w.GetProperty("from").GetString()!, text), ParseTime(w.GetProperty("to").GetString()!, text)));
            }
        }

        var windows = new CallWindows { Weekly = ranges };
        try
        {
            windows.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--window '{text}': {e.Message}");
        }

        return windows;
    }

    private static TimeSpan ParseTime(string hhmm, string text) =>
        hhmm == "24:00" ? WeeklyRange.EndOfDay
        : TimeSpan.TryParseExact(hhmm, @"hh\:mm", CultureInfo.InvariantCulture, out TimeSpan t) ? t
        : throw new UsageException($"--window '{text}': '{hhmm}' is not a time of day");

    private static DayOfWeek DayOf(string day) => day switch
    {
        "mon" => DayOfWeek.Monday,
        "tue" => DayOfWeek.Tuesday,
        "wed" => DayOfWeek.Wednesday,
        "thu" => DayOfWeek.Thursday,
        "fri" => DayOfWeek.Friday,
        "sat" => DayOfWeek.Saturday,
        _ => DayOfWeek.Sunday,
    };

    private static (int, int) ParseRange(string text)
    {
        string[] parts = text.Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int first) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int last) && first >= 1024 && last <= 65534 && last > first)
        {
            return (first, last);
        }

        throw new UsageException($"--media-ports '{text}': FIRST-LAST within 1024-65534");
    }
}
