using Closeout.Drafting.Extraction;

namespace Closeout.Drafting.Embeddings;

internal sealed class MiniLmSemanticMatcher(CatalogEmbeddings catalog, MiniLmTextEncoder encoder) : ISemanticMatcher
{
    public IReadOnlyList<SemanticCandidate> Candidates(string phrase, int top)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        var count = Math.Min(top, catalog.ItemIds.Length);
        if (count == 0 || string.IsNullOrWhiteSpace(phrase))
        {
            return [];
        }

        var query = encoder.Encode(phrase);
        return Best(query, count);
    }

    // Keeps the best `count` rows in a small sorted buffer; a tie keeps catalog order, so results are deterministic.
    private SemanticCandidate[] Best(ReadOnlySpan<float> query, int count)
    {
        var scores = new float[count];
        var rows = new int[count];
        var filled = 0;
        for (var row = 0; row < catalog.ItemIds.Length; row++)
        {
            var score = VectorMath.Dot(query, catalog.Row(row));
            if (filled == count && score <= scores[count - 1])
            {
                continue;
            }

            var at = filled < count ? filled++ : count - 1;
            while (at > 0 && scores[at - 1] < score)
            {
                scores[at] = scores[at - 1];
                rows[at] = rows[at - 1];
                at--;
            }

            scores[at] = score;
            rows[at] = row;
        }

        var result = new SemanticCandidate[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = new SemanticCandidate(catalog.ItemIds[rows[i]], scores[i]);
        }

        return result;
    }
}
