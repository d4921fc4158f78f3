using System.Globalization;
using System.Text;
using Gateway.Media.Classification.Words;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// Fits <see cref="WordModel"/>'s one-hidden-layer network (session 7): inputs standardised on the training examples,
/// tanh hidden units, softmax over yes / no / other, cross-entropy weighted so that each class counts equally, L2 weight
/// decay, Adam (Kingma &amp; Ba 2015) on mini-batches in a seeded order. Single-threaded double arithmetic: the same
/// examples and seed give the same weights.
/// </summary>
public static class WordTrainer
{
    public sealed record Settings(int Hidden = 24, int Epochs = 40, int Batch = 32, double Rate = 0.003, double Decay = 0.003, int Seed = 7);

    public static WordModel Train(IReadOnlyList<WordExample> examples, Settings s, Action<string>? log = null)
    {
        var inputs = examples[0].Features.Length;
        var n = examples.Count;
        var mean = new double[inputs];
        var scale = new double[inputs];
        foreach (var e in examples)
        {
            for (var i = 0; i < inputs; i++)
            {
                mean[i] += e.Features[i];
            }
        }

        for (var i = 0; i < inputs; i++)
        {
            mean[i] /= n;
        }

        foreach (var e in examples)
        {
            for (var i = 0; i < inputs; i++)
            {
                scale[i] += (e.Features[i] - mean[i]) * (e.Features[i] - mean[i]);
            }
        }

        for (var i = 0; i < inputs; i++)
        {
            scale[i] = 1 / Math.Max(1e-3, Math.Sqrt(scale[i] / n));
        }

        var x = examples.Select(e => e.Features.Select((v, i) => (v - mean[i]) * scale[i]).ToArray()).ToArray();
        var counts = new double[WordModel.Outputs];
        foreach (var e in examples)
        {
            counts[e.Label]++;
        }

        var classWeight = counts.Select(c => c == 0 ? 0 : n / (WordModel.Outputs * c)).ToArray();
        var h = s.Hidden;
        var rng = new Random(s.Seed);
        var w1 = Init(h * inputs, Math.Sqrt(6.0 / (inputs + h)), rng);
        var b1 = new double[h];
        var w2 = Init(WordModel.Outputs * h, Math.Sqrt(6.0 / (h + WordModel.Outputs)), rng);
        var b2 = new double[WordModel.Outputs];
        double[][] parameters = [w1, b1, w2, b2];
        var grads = parameters.Select(p => new double[p.Length]).ToArray();
        var m = parameters.Select(p => new double[p.Length]).ToArray();
        var v = parameters.Select(p => new double[p.Length]).ToArray();
        var order = Enumerable.Range(0, n).ToArray();
        var hidden = new double[h];
        var prob = new double[WordModel.Outputs];
        var dh = new double[h];
        var step = 0;
        for (var epoch = 0; epoch < s.Epochs; epoch++)
        {
            rng.Shuffle(order);
            double loss = 0;
            for (var start = 0; start < n; start += s.Batch)
            {
                foreach (var g in grads)
                {
                    Array.Clear(g);
                }

                var end = Math.Min(n, start + s.Batch);
                for (var k = start; k < end; k++)
                {
                    var xi = x[order[k]];
                    var label = examples[order[k]].Label;
                    var cw = classWeight[label];
                    Forward(xi, w1, b1, w2, b2, hidden, prob);
                    loss -= cw * Math.Log(Math.Max(1e-12, prob[label]));
                    Array.Clear(dh);
                    for (var o = 0; o < WordModel.Outputs; o++)
                    {
                        var d = cw * (prob[o] - (o == label ? 1 : 0));
                        grads[3][o] += d;
                        for (var j = 0; j < h; j++)
                        {
                            grads[2][(o * h) + j] += d * hidden[j];
                            dh[j] += d * w2[(o * h) + j];
                        }
                    }

                    for (var j = 0; j < h; j++)
                    {
                        var d = dh[j] * (1 - (hidden[j] * hidden[j]));
                        grads[1][j] += d;
                        var row = j * inputs;
                        for (var i = 0; i < inputs; i++)
                        {
                            grads[0][row + i] += d * xi[i];
                        }
                    }
                }

                step++;
                var count = end - start;
                for (var p = 0; p < parameters.Length; p++)
                {
                    var decay = p is 0 or 2 ? s.Decay : 0;
                    Adam(parameters[p], grads[p], m[p], v[p], count, decay, s.Rate, step);
                }
            }

            if (log is not null && (epoch % 10 == 9 || epoch == 0))
            {
                log(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch + 1}: loss {loss / n:F4}"));
            }
        }

        return new WordModel(h, ToFloat(mean), ToFloat(scale), ToFloat(w1), ToFloat(b1), ToFloat(w2), ToFloat(b2));
    }

    private static void Forward(double[] x, double[] w1, double[] b1, double[] w2, double[] b2, double[] hidden, double[] prob)
    {
        var inputs = x.Length;
        for (var j = 0; j < hidden.Length; j++)
        {
            var s = b1[j];
            var row = j * inputs;
            for (var i = 0; i < inputs; i++)
            {
                s += w1[row + i] * x[i];
            }

            hidden[j] = Math.Tanh(s);
        }

        var max = double.MinValue;
        for (var o = 0; o < prob.Length; o++)
        {
            var s = b2[o];
            for (var j = 0; j < hidden.Length; j++)
            {
                s += w2[(o * hidden.Length) + j] * hidden[j];
            }

            prob[o] = s;
            max = Math.Max(max, s);
        }

        var sum = 0.0;
        for (var o = 0; o < prob.Length; o++)
        {
            prob[o] = Math.Exp(prob[o] - max);
            sum += prob[o];
        }

        for (var o = 0; o < prob.Length; o++)
        {
            prob[o] /= sum;
        }
    }

    private static void Adam(double[] p, double[] g, double[] m, double[] v, int count, double decay, double rate, int step)
    {
        const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var c1 = 1 - Math.Pow(b1, step);
        var c2 = 1 - Math.Pow(b2, step);
        for (var i = 0; i < p.Length; i++)
        {
            var gi = (g[i] / count) + (decay * p[i]);
            m[i] = (b1 * m[i]) + ((1 - b1) * gi);
            v[i] = (b2 * v[i]) + ((1 - b2) * gi * gi);
            p[i] -= rate * (m[i] / c1) / (Math.Sqrt(v[i] / c2) + eps);
        }
    }

    private static double[] Init(int length, double limit, Random rng)
    {
        var w = new double[length];
        for (var i = 0; i < length; i++)
        {
            w[i] = ((rng.NextDouble() * 2) - 1) * limit;
        }

        return w;
    }

    private static float[] ToFloat(double[] a) => [.. a.Select(d => (float)d)];

    /// <summary>Writes the generated C# file that ships the model.</summary>
    public static string Generate(WordModel model, IEnumerable<string> header)
    {
        var values = model.Weights();
        var sb = new StringBuilder();
        sb.AppendLine("// <auto-generated>");
        foreach (var line in header)
        {
            sb.Append("// ").AppendLine(line);
        }

        sb.AppendLine("// </auto-generated>");
        sb.AppendLine("namespace Gateway.Media.Classification.Words;");
        sb.AppendLine();
        sb.AppendLine("/// <summary>The shipped word model's weights (generated by the training command, docs/detection.md \"Session 7: word check\").</summary>");
        sb.AppendLine("internal static class WordModelWeights");
        sb.AppendLine("{");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    public const int Inputs = {model.Inputs};");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"    public const int Hidden = {model.Hidden};");
        sb.AppendLine();
        sb.AppendLine("    /// <summary>Input means, input scales, hidden weights (row per unit), hidden biases, output weights (row per class), output biases.</summary>");
        sb.AppendLine("    public static ReadOnlySpan<float> Values =>");
        sb.AppendLine("    [");
        for (var i = 0; i < values.Length; i += 8)
        {
            sb.Append("        ").AppendLine(string.Join(", ", values.Skip(i).Take(8).Select(f => f.ToString("R", CultureInfo.InvariantCulture) + "f")) + ",");
        }

        sb.AppendLine("    ];");
        sb.AppendLine("}");
        return sb.ToString();
    }
}
