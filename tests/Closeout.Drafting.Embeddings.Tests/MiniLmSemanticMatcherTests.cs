using Closeout.Drafting.Catalogs;

namespace Closeout.Drafting.Embeddings.Tests;

public sealed class MiniLmSemanticMatcherTests
{
    private static readonly MiniLmSemanticMatcherFactory s_factory = new();
    private static readonly Catalog s_catalog = TradeCatalog.Create();

    [Theory]
    [InlineData("swapped the cap on the condenser", "HV-CAP")]
    [InlineData("put a new gfci outlet in the bathroom", "EL-GFCI")]
    [InlineData("replaced the flapper", "PL-FLAPPER")]
    [InlineData("toilet kept running, put in a new fill valve", "PL-FILL")]
    [InlineData("2 rotors in zone 3", "IR-ROTOR")]
    [InlineData("reset the toilet on a new wax seal", "PL-WAX")]
    [InlineData("3 bundles of shingles to patch the roof", "RF-SHINGLE")]
    [InlineData("breaker was tripping, swapped it", "EL-BRK")]
    public void Ranks_the_item_a_technician_means_first(string phrase, string expected)
    {
        var candidates = s_factory.ForCatalog(s_catalog).Candidates(phrase, 3);

        Assert.Equal(expected, candidates[0].ItemId);
    }

    // The model does not know "gfi", and "bathroom" pulls toward the toilet parts: the right item is a candidate, not the
    // winner. Expanding trade abbreviations is the lexicon's part of stage 3, not the model's.
    [Theory]
    [InlineData("new gfi in the bathroom", "EL-GFCI")]
    [InlineData("new cap, old one was bulging", "HV-CAP")]
    public void Keeps_the_item_among_the_top_three_when_the_words_are_slang(string phrase, string expected)
    {
        var candidates = s_factory.ForCatalog(s_catalog).Candidates(phrase, 3);

        Assert.Contains(expected, candidates.Select(c => c.ItemId));
    }

    [Fact]
    public void The_same_phrase_gives_identical_candidates()
    {
        var matcher = s_factory.ForCatalog(s_catalog);

        var first = matcher.Candidates("swapped the cap on the condenser", 5);
        var second = matcher.Candidates("swapped the cap on the condenser", 5);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Candidates_are_best_first_and_cosines()
    {
        var candidates = s_factory.ForCatalog(s_catalog).Candidates("new gfi in the bathroom", s_catalog.Items.Count);

        Assert.Equal(s_catalog.Items.Count, candidates.Count);
        Assert.Equal(s_catalog.Items.Select(i => i.Id).Order(), candidates.Select(c => c.ItemId).Order());
        Assert.True(candidates.Zip(candidates.Skip(1)).All(p => p.First.Similarity >= p.Second.Similarity));
        Assert.All(candidates, c => Assert.InRange(c.Similarity, -1.0001, 1.0001));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t")]
    public void An_empty_phrase_has_no_candidates(string phrase)
    {
        Assert.Empty(s_factory.ForCatalog(s_catalog).Candidates(phrase, 3));
    }

    [Fact]
    public void Asking_for_none_or_more_than_the_catalog_holds_is_bounded()
    {
        var matcher = s_factory.ForCatalog(s_catalog);

        Assert.Empty(matcher.Candidates("replaced the flapper", 0));
        Assert.Equal(s_catalog.Items.Count, matcher.Candidates("replaced the flapper", 1000).Count);
        Assert.Empty(s_factory.ForCatalog(new Catalog("empty", "USD", [])).Candidates("replaced the flapper", 3));
    }

    [Fact]
    public void A_very_long_phrase_is_cut_and_still_matched()
    {
        var phrase = "replaced the toilet flapper " + string.Join(' ', Enumerable.Repeat("and checked everything else twice", 2_000));

        var candidates = s_factory.ForCatalog(s_catalog).Candidates(phrase, 3);

        Assert.Equal(3, candidates.Count);
        Assert.True(MiniLmTextEncoder.Prepare(phrase).Length <= MiniLmTextEncoder.MaxTextChars);
    }

    [Fact]
    public void A_catalog_is_embedded_once_however_often_and_concurrently_it_is_asked_for()
    {
        var factory = new MiniLmSemanticMatcherFactory();
        var catalog = TradeCatalog.Create();

        Parallel.For(0, 16, _ => factory.ForCatalog(catalog).Candidates("replaced the flapper", 1));
        factory.ForCatalog(catalog);
        var reloaded = factory.ForCatalog(TradeCatalog.Create());

        Assert.Equal(1, factory.CatalogsEmbedded);
        Assert.Equal("PL-FLAPPER", reloaded.Candidates("replaced the flapper", 1)[0].ItemId);
    }

    [Fact]
    public void A_changed_catalog_is_embedded_again()
    {
        var factory = new MiniLmSemanticMatcherFactory();
        var catalog = TradeCatalog.Create();
        var renamed = new Catalog(catalog.Business, catalog.Currency, [.. catalog.Items.Select(i => i.Id == "PL-FLAPPER" ? i with { Name = "Flush valve seal" } : i)]);

        factory.ForCatalog(catalog);
        factory.ForCatalog(renamed);

        Assert.Equal(2, factory.CatalogsEmbedded);
    }
}
