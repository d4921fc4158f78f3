namespace Gateway.Cli;

/// <summary>A one-line text progress bar (<c>[#####-----]  50%  5/10 done</c>) redrawn in place.</summary>
public static class ProgressBar
{
    /// <summary>Renders the bar for <paramref name="done"/> of <paramref name="total"/>, <paramref name="width"/> cells wide.</summary>
    public static string Render(long done, long total, int width, string suffix)
    {
        var fraction = total <= 0 ? 0 : Math.Clamp((double)done / total, 0, 1);
        var filled = (int)Math.Round(fraction * width);
        return $"[{new string('#', filled)}{new string('-', width - filled)}] {fraction * 100,3:0}%  {done}/{total} {suffix}";
    }
}
