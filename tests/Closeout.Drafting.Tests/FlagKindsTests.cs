using Closeout.Drafting.Drafts;

namespace Closeout.Drafting.Tests;

public sealed class FlagKindsTests
{
    [Theory]
    [InlineData(FlagKind.CustomerSupplied, "customer_supplied")]
    [InlineData(FlagKind.NoLaborRecorded, "no_labor_recorded")]
    [InlineData(FlagKind.NotInCatalog, "not_in_catalog")]
    public void Codes_round_trip_through_the_spec_names(FlagKind kind, string code)
    {
        Assert.Equal(code, kind.Code());
        Assert.Equal(kind, FlagKinds.Parse(code));
    }
}
