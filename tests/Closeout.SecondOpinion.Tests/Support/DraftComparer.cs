using Closeout.Drafting.Drafts;

namespace Closeout.SecondOpinion.Tests.Support;

/// <summary>Two drafts are the same when their lines, flags and totals are (records compare lists by reference).</summary>
internal sealed class DraftComparer : IEqualityComparer<DraftInvoice>
{
    public static readonly DraftComparer Instance = new();

    public bool Equals(DraftInvoice? x, DraftInvoice? y) =>
        x is not null && y is not null
        && x.JobId == y.JobId && x.Total == y.Total && x.Subtotal == y.Subtotal && x.Tax == y.Tax
        && x.Lines.Select(Key).SequenceEqual(y.Lines.Select(Key))
        && x.Flags.Select(f => (f.Kind, f.Message)).SequenceEqual(y.Flags.Select(f => (f.Kind, f.Message)));

    public int GetHashCode(DraftInvoice obj) => obj.Total.GetHashCode();

    private static string Key(DraftLine l) => $"{l.ItemId}|{l.Quantity}|{l.UnitPrice}|{l.Source}|{l.Confidence}|{l.Description}";
}
