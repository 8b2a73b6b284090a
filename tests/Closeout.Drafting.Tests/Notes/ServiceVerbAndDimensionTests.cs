using static Closeout.Drafting.Tests.Support.Electrical;

namespace Closeout.Drafting.Tests.Notes;

/// <summary>
/// Reading rules from two blind trades (chimney, roofing), through the whole engine on a parking-lot business built in
/// code (<see cref="Support.Pavement"/>): a flat-rate service written as its verb, sizes written as dimensions, pieces
/// of a stated length, spacings and sets that are not amounts. Policy lines (labor, trip charge) are left out of
/// <c>Billed</c>.
/// </summary>
public sealed class ServiceVerbAndDimensionTests
{
    private static readonly Closeout.Drafting.Engine.DraftEngine Engine = Support.Pavement.Engine();

    [Theory]
    [InlineData("Swept the north lot, lots of gravel by the dumpster.", "PV-SWEEP 1")]
    [InlineData("Swept lot B while the crew was striping elsewhere.", "PV-SWEEP 1")]
    public void An_irregular_past_verb_a_services_name_carries_does_the_service(string note, string billed)
    {
        var draft = Engine.Draft(Job([note]));

        Assert.Equal(billed, Billed(draft));
        Assert.Equal("", Flags(draft));
    }
}
