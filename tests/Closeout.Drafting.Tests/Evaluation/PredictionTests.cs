using System.Text.Json.Nodes;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Evaluation;

namespace Closeout.Drafting.Tests.Evaluation;

public sealed class PredictionTests
{
    [Fact]
    public void Writes_the_scoring_format_with_readable_evidence()
    {
        var draft = new DraftInvoice("Z2lk", [
                new DraftLine("LAB-TECH", "Technician", 2.5m, 125m, 312.5m, false, LineSource.Timesheet,
                    [new Evidence.Timesheet(["ts-1", "ts-2"], "v-1", "u-1")], 0.9, "Labor"),
                new DraftLine("VALVE", "Valve", 1m, 20m, 20m, true, LineSource.Notes,
                    [new Evidence.NoteSpan("n-1", 4, 5, "valve"), new Evidence.Rule("companion of WH")], 0.8, "Valve"),
            ],
            [new ReviewFlag(FlagKind.CustomerSupplied, "Customer brought the faucet", [])],
            332.5m, 1.6m, 334.1m);

        var json = JsonNode.Parse(Prediction.From("cascade-017", draft).ToJsonLine())!.AsObject();

        Assert.Equal("cascade-017", (string?)json["id"]);
        Assert.Equal(334.1m, (decimal?)json["total"]);
        var labor = json["lines"]![0]!;
        Assert.Equal("LAB-TECH", (string?)labor["item"]);
        Assert.Equal(2.5m, (decimal?)labor["quantity"]);
        Assert.Equal("timesheet", (string?)labor["source"]);
        Assert.Equal("""{"kind":"timesheet","entryIds":["ts-1","ts-2"],"visitId":"v-1","userId":"u-1"}""", labor["evidence"]![0]!.ToJsonString());
        var valve = json["lines"]![1]!;
        Assert.Equal("""{"kind":"note","noteId":"n-1","start":4,"length":5,"text":"valve"}""", valve["evidence"]![0]!.ToJsonString());
        Assert.Equal("""{"kind":"rule","description":"companion of WH"}""", valve["evidence"]![1]!.ToJsonString());
        Assert.Equal("""[{"kind":"customer_supplied","message":"Customer brought the faucet"}]""", json["flags"]!.ToJsonString());
    }

    [Fact]
    public void Writes_one_line()
    {
        var line = Prediction.From("x", new DraftInvoice("x", [], [], 0m, 0m, 0m)).ToJsonLine();

        Assert.DoesNotContain('\n', line);
    }
}
