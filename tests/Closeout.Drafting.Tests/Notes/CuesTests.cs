using Closeout.Drafting.Extraction;

namespace Closeout.Drafting.Tests.Notes;

public sealed class CuesTests
{
    [Theory]
    [InlineData("did NOT replace the tee", true)]
    [InlineData("left it", true)]
    [InlineData("contactor ok", true)]
    [InlineData("he ok'd starter fert after", false)]
    [InlineData("only took 3 1/2 ton", false)]
    [InlineData("there's a PRV on the main", true)]
    [InlineData("laid the sod back", true)]
    [InlineData("replaced the breaker", false)]
    public void Negation_says_the_thing_was_not_put_in(string clause, bool negated) =>
        Assert.Equal(negated, Cues.Negation().IsMatch(clause));
}
