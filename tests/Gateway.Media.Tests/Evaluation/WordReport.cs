using System.Globalization;
using Gateway.Media.Classification.Words;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>Confusion of the word model on examples (session 7): per true class, how many were scored yes / no / other.</summary>
public static class WordReport
{
    public static int Predict(WordModel model, float[] features)
    {
        Span<float> p = stackalloc float[WordModel.Outputs];
        model.Score(features, p);
        return p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
    }

    /// <summary>The misjudged examples: source, condition, truth → scored.</summary>
    public static string Errors(WordModel model, IReadOnlyList<WordExample> examples) =>
        string.Join(", ", examples.Select(e => (e, p: Predict(model, e.Features))).Where(x => x.p != x.e.Label)
            .Select(x => $"{x.e.Source} {x.e.Condition} {WordExamples.Names[x.e.Label]}→{WordExamples.Names[x.p]}"));

    public static string Confusion(WordModel model, IReadOnlyList<WordExample> examples)
    {
        var m = new int[3, 3];
        foreach (var e in examples)
        {
            m[e.Label, Predict(model, e.Features)]++;
        }

        var right = m[0, 0] + m[1, 1] + m[2, 2];
        return string.Create(CultureInfo.InvariantCulture,
            $"{100.0 * right / Math.Max(1, examples.Count):F1} % right; yes→{m[0, 0]}/{m[0, 1]}/{m[0, 2]} no→{m[1, 0]}/{m[1, 1]}/{m[1, 2]} other→{m[2, 0]}/{m[2, 1]}/{m[2, 2]} (yes/no/other)");
    }
}
