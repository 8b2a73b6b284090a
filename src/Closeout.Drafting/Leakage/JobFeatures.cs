using Closeout.Drafting.Extraction;
using Closeout.Drafting.Jobs;

namespace Closeout.Drafting.Leakage;

/// <summary>What a feature of a job is: an item billed with it, a word of its title, or a word of its notes.</summary>
public enum FeatureKind
{
    Item,
    Title,
    Note,
}

/// <summary>One thing a job has that may predict another item on its invoice (the antecedent of a rule).</summary>
public readonly record struct JobFeature(FeatureKind Kind, string Value)
{
    public override string ToString() => Kind switch
    {
        FeatureKind.Item => $"item:{Value}",
        FeatureKind.Title => $"title:{Value}",
        _ => $"note:{Value}",
    };

    /// <summary>Reads back <see cref="ToString"/> (the key feedback is stored under); null for anything else.</summary>
    public static JobFeature? Parse(string? text)
    {
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0 || colon == text.Length - 1)
        {
            return null;
        }

        FeatureKind? kind = text[..colon] switch
        {
            "item" => FeatureKind.Item,
            "title" => FeatureKind.Title,
            "note" => FeatureKind.Note,
            _ => null,
        };
        return kind is { } k ? new JobFeature(k, text[(colon + 1)..]) : null;
    }
}

/// <summary>
/// The words of a job as the miner sees them: the same tokens and stems the reader matches notes with, without numbers,
/// one-letter words and stop words. Nothing here knows a business: a feature is whatever word the job carries.
/// </summary>
public static class JobFeatures
{
    /// <summary>Every feature of a job billed with <paramref name="items"/>, each with the word as first written (for explanations).</summary>
    public static Dictionary<JobFeature, string> Of(JobberJob job, IEnumerable<string> items)
    {
        var features = new Dictionary<JobFeature, string>();
        foreach (var item in items)
        {
            features.TryAdd(new JobFeature(FeatureKind.Item, item), item);
        }

        AddWords(features, FeatureKind.Title, job.Title);
        AddWords(features, FeatureKind.Note, string.Join(' ', job.Notes?.Items.Select(n => n.Message ?? string.Empty) ?? []));
        return features;
    }

    private static void AddWords(Dictionary<JobFeature, string> features, FeatureKind kind, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        foreach (var token in Tokenizer.Tokenize(text).Where(t => !t.IsNumber && t.Stem.Length > 1 && !CatalogIndex.StopWords.Contains(t.Stem)))
        {
            features.TryAdd(new JobFeature(kind, token.Stem), token.Text.ToLowerInvariant());
        }
    }
}
