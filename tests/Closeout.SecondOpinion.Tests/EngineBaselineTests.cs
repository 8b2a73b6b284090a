using Closeout.Drafting.Drafts;
using Closeout.SecondOpinion.Tests.Support;

namespace Closeout.SecondOpinion.Tests;

/// <summary>What the tests' job gives the engine alone: the premise of every second-opinion test.</summary>
public sealed class EngineBaselineTests
{
    [Fact]
    public void The_engine_misses_the_couplers_the_notes_mention()
    {
        var draft = Shop.Engine.Draft(Shop.Job());

        Assert.Equal(["FEE-TRIP", "LAB-TECH", "WH-ANODE", "WH-EXPTANK"], draft.Lines.Select(l => l.ItemId).Order(StringComparer.Ordinal));
        Assert.Contains(draft.Flags, f => f.Kind == FlagKind.NotInCatalog);
        Assert.Equal(552.40m, draft.Total);
    }
}
