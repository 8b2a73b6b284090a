using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Jobs;

namespace Closeout.Drafting.Tests.Engine;

public sealed class CopyLoggedLinesEngineTests
{
    private readonly CopyLoggedLinesEngine _engine = new();

    [Fact]
    public void Copies_linked_lines_with_logged_quantity_and_price()
    {
        var draft = _engine.Draft(Job(
            Logged("li-1", "WH-50G", quantity: 1m, unitPrice: 1595m),
            Logged("li-2", "PIPE-CU", quantity: 2.5m, unitPrice: 3.33m)));

        Assert.Equal(["WH-50G", "PIPE-CU"], draft.Lines.Select(l => l.ItemId));
        var pipe = draft.Lines[1];
        Assert.Equal(2.5m, pipe.Quantity);
        Assert.Equal(3.33m, pipe.UnitPrice);
        Assert.Equal(8.33m, pipe.Total); // 8.325 rounds half away from zero
        Assert.Equal(LineSource.Logged, pipe.Source);
        Assert.Equal([new Evidence.LoggedLine("li-2", "PIPE-CU logged")], pipe.Evidence);
        Assert.Equal(1603.33m, draft.Subtotal);
        Assert.Equal(0m, draft.Tax);
        Assert.Equal(1603.33m, draft.Total);
        Assert.Empty(draft.Flags);
    }

    [Fact]
    public void Skips_custom_lines_and_lines_without_a_quantity()
    {
        var draft = _engine.Draft(Job(
            Logged("li-1", itemId: null, quantity: 1m, unitPrice: 50m),
            Logged("li-2", "VALVE", quantity: null, unitPrice: 20m),
            Logged("li-3", "TAPE", quantity: 1m, unitPrice: 4m)));

        Assert.Equal(["TAPE"], draft.Lines.Select(l => l.ItemId));
        Assert.Equal(4m, draft.Total);
    }

    [Fact]
    public void A_job_without_line_items_gives_an_empty_draft()
    {
        var draft = _engine.Draft(new JobberJob("job-1", 1, null, null, null, null, null, null, null, null, null));

        Assert.Empty(draft.Lines);
        Assert.Equal(0m, draft.Total);
        Assert.Equal("job-1", draft.JobId);
    }

    private static JobberJob Job(params JobLineItem[] lines) =>
        new("job-1", 1, "t", null, "completed", null, null, new Connection<JobLineItem>(lines), null, null, null);

    private static JobLineItem Logged(string id, string? itemId, decimal? quantity, decimal unitPrice) =>
        new(id, itemId + " logged", "desc", quantity, unitPrice, quantity * unitPrice, true,
            itemId is null ? null : new LinkedProductOrService(itemId, itemId));
}
