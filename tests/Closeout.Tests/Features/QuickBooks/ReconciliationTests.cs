using Closeout.Features.QuickBooks.Reconciliation;
using static Closeout.Features.QuickBooks.Reconciliation.DifferenceKinds;
using static Closeout.Features.QuickBooks.Reconciliation.FixActions;

namespace Closeout.Tests.Features.QuickBooks;

/// <summary>A clean pair of books shows nothing; each planted difference is found once, with the right side and fix.</summary>
public sealed class ReconciliationTests
{
    private static readonly DateOnly From = new(2026, 11, 1);
    private static readonly DateOnly To = new(2026, 11, 30);
    private static readonly DateOnly Day = new(2026, 11, 10);

    // Two taxable lines of 10.15 at 8.25%: 1.67 rounded on the invoice, 1.68 rounded line by line.
    private static readonly BookLine[] J1Lines = [new("Drain snake", 1, 10.15m, 10.15m, true), new("Trap", 1, 10.15m, 10.15m, true)];
    private static readonly BookLine[] J2Lines = [new("Water heater install", 2, 150m, 300m, true), new("Labour", 3, 85m, 255m, false)];
    private static readonly BookLine[] J3Lines = [new("Service call", 1, 95m, 95m, false)];

    /// <summary>Jobber's books and QuickBooks' copy of them, in agreement (a partial payment on 1002 on both sides included).</summary>
    private sealed record Pair(Books Jobber, Books QuickBooks, BookLinks Links)
    {
        public static Pair Clean()
        {
            var jobber = new Books(
                [
                    new BookInvoice("J1", "1001", "c1", Day, J1Lines, 20.30m, 1.67m, 21.97m, 21.97m, TaxRatePercent: 8.25m),
                    new BookInvoice("J2", "1002", "c2", Day, J2Lines, 555m, 24.75m, 579.75m, 529.75m, TaxRatePercent: 8.25m),
                    new BookInvoice("J3", "1003", "c2", Day, J3Lines, 95m, 0m, 95m, 0m, TaxRatePercent: 8.25m),
                    new BookInvoice("J4", "1004", "c1", Day, J3Lines, 95m, 0m, 95m, 95m, DocumentState.Deleted),
                ],
                [
                    new BookPayment("JP1", "c2", Day, 50m, [new("J2", 50m)]),
                    new BookPayment("JP2", "c2", Day.AddDays(1), 95m, [new("J3", 95m)]),
                ],
                [new BookCustomer("c1", "A&W Plumbing", "aw@example.com"), new BookCustomer("c2", "Bob Smith", "bob@example.com")]);
            var quickbooks = new Books(
                [
                    new BookInvoice("Q1", "1001", "q1", Day, J1Lines, 20.30m, 1.67m, 21.97m, 21.97m, TaxRatePercent: 8.25m),
                    new BookInvoice("Q2", "1002", "q2", Day, J2Lines, 555m, 24.75m, 579.75m, 529.75m, TaxRatePercent: 8.25m),
                    new BookInvoice("Q3", "1003", "q2", Day, J3Lines, 95m, 0m, 95m, 0m),
                ],
                [
                    new BookPayment("QP1", "q2", Day, 50m, [new("Q2", 50m)]),
                    new BookPayment("QP2", "q2", Day.AddDays(1), 95m, [new("Q3", 95m)]),
                ],
                [new BookCustomer("q1", "A & W Plumbing", "aw@example.com"), new BookCustomer("q2", "Bob Smith", "bob@example.com"), new BookCustomer("q3", "Old Bob", null, Active: false)]);
            var links = new BookLinks(
                new Dictionary<string, string> { ["c1"] = "q1", ["c2"] = "q2" },
                new Dictionary<string, string> { ["J1"] = "Q1", ["J2"] = "Q2" },
                new Dictionary<string, string> { ["JP1"] = "QP1" },
                new Dictionary<string, BooksSide> { ["JP1"] = BooksSide.Jobber });
            return new Pair(jobber, quickbooks, links);
        }

        public Pair Qbo(Func<Books, Books> change) => this with { QuickBooks = change(QuickBooks) };

        public Pair Jobber_(Func<Books, Books> change) => this with { Jobber = change(Jobber) };
    }

    private static Books ReplaceInvoice(Books books, string id, Func<BookInvoice, BookInvoice> change) =>
        books with { Invoices = books.Invoices.Select(i => i.Id == id ? change(i) : i).ToList() };

    private static Books ReplacePayment(Books books, string id, Func<BookPayment, BookPayment> change) =>
        books with { Payments = books.Payments.Select(p => p.Id == id ? change(p) : p).ToList() };

    private static Books Add(Books books, BookInvoice invoice) => books with { Invoices = [.. books.Invoices, invoice] };

    private static Books Add(Books books, BookPayment payment) => books with { Payments = [.. books.Payments, payment] };

    private static Books Add(Books books, BookCustomer customer) => books with { Customers = [.. books.Customers, customer] };

    /// <summary>Each planted difference: how the clean pair is changed, and what the report must say.</summary>
    private static readonly Dictionary<string, (Func<Pair, Pair> Plant, string Kind, BooksSide Right, string? Fix)> Planted = new()
    {
        ["invoice missing in QuickBooks"] = (p => p.Qbo(b => b with { Invoices = b.Invoices.Where(i => i.Id != "Q1").ToList() }), InvoiceOnlyInJobber, BooksSide.Jobber, PushInvoice),
        ["invoice entered in QuickBooks only"] = (p => p.Qbo(b => Add(b, new BookInvoice("Q9", "2001", "q1", Day, J3Lines, 95m, 0m, 95m, 95m))), InvoiceOnlyInQuickBooks, BooksSide.QuickBooks, null),
        ["a line's amount differs"] = (p => p.Qbo(b => ReplaceInvoice(b, "Q1", i => i with { Lines = [J1Lines[0], new("Trap", 2, 10.15m, 20.30m, true)], Subtotal = 30.45m, Tax = 2.51m, Total = 32.96m, Balance = 32.96m })), InvoiceAmountDiffers, BooksSide.Jobber, UpdateInvoiceInQuickBooks),
        ["per-line against per-invoice tax rounding"] = (p => p.Qbo(b => ReplaceInvoice(b, "Q1", i => i with { Tax = 1.68m, Total = 21.98m, Balance = 21.98m })), TaxRounding, BooksSide.Jobber, SetTaxInQuickBooks),
        ["tax differs beyond rounding"] = (p => p.Qbo(b => ReplaceInvoice(b, "Q1", i => i with { Tax = 2.50m, Total = 22.80m, Balance = 22.80m })), TaxDiffers, BooksSide.Jobber, UpdateInvoiceInQuickBooks),
        ["invoice billed to another customer"] = (p => p.Qbo(b => ReplaceInvoice(b, "Q1", i => i with { CustomerId = "q2" })), InvoiceCustomerDiffers, BooksSide.Jobber, UpdateInvoiceInQuickBooks),
        ["invoice deleted in Jobber, open in QuickBooks"] = (p => p.Jobber_(b => ReplaceInvoice(b, "J1", i => i with { State = DocumentState.Deleted })), InvoiceVoided, BooksSide.Jobber, VoidInvoiceInQuickBooks),
        ["invoice voided in QuickBooks, open in Jobber"] = (p => p.Qbo(b => ReplaceInvoice(b, "Q1", i => i with { State = DocumentState.Voided, Tax = 0, Subtotal = 0, Total = 0, Balance = 0 })), InvoiceVoided, BooksSide.QuickBooks, null),
        ["payment entered in QuickBooks only"] = (p => p.Qbo(b => Add(ReplaceInvoice(b, "Q1", i => i with { Balance = 0 }), new BookPayment("QP9", "q1", Day, 21.97m, [new("Q1", 21.97m)]))), PaymentOnlyInQuickBooks, BooksSide.QuickBooks, RecordPaymentInJobber),
        ["partial payment entered in QuickBooks only"] = (p => p.Qbo(b => Add(ReplaceInvoice(b, "Q1", i => i with { Balance = 11.97m }), new BookPayment("QP9", "q1", Day, 10m, [new("Q1", 10m)]))), PartialPaymentOnlyInQuickBooks, BooksSide.QuickBooks, RecordPaymentInJobber),
        ["payment taken in Jobber only"] = (p => p.Jobber_(b => Add(ReplaceInvoice(b, "J1", i => i with { Balance = 0 }), new BookPayment("JP9", "c1", Day, 21.97m, [new("J1", 21.97m)]))), PaymentOnlyInJobber, BooksSide.Jobber, PushPayment),
        ["partial payment taken in Jobber only"] = (p => p.Jobber_(b => Add(ReplaceInvoice(b, "J1", i => i with { Balance = 1.97m }), new BookPayment("JP9", "c1", Day, 20m, [new("J1", 20m)]))), PartialPaymentOnlyInJobber, BooksSide.Jobber, PushPayment),
        ["payment applied to the wrong invoice"] = (p => p.Qbo(b => ReplacePayment(ReplaceInvoice(ReplaceInvoice(b, "Q2", i => i with { Balance = 579.75m }), "Q1", i => i with { Balance = 0m }), "QP1", x => x with { Applied = [new("Q1", 50m)] })), PaymentOnWrongInvoice, BooksSide.Jobber, ApplyPaymentInQuickBooks),
        ["payment amounts differ"] = (p => p.Qbo(b => ReplacePayment(ReplaceInvoice(b, "Q2", i => i with { Balance = 534.75m }), "QP1", x => x with { Amount = 45m, Applied = [new("Q2", 45m)] })), PaymentAmountDiffers, BooksSide.Jobber, null),
        ["payment applied to no invoice"] = (p => p.Qbo(b => Add(b, new BookPayment("QP8", "q1", Day, 21.97m, []))), PaymentUnapplied, BooksSide.Neither, ApplyPaymentInQuickBooks),
        ["payment voided in QuickBooks"] = (p => p.Qbo(b => ReplacePayment(ReplaceInvoice(b, "Q2", i => i with { Balance = 579.75m }), "QP1", x => x with { State = DocumentState.Voided })), PaymentVoided, BooksSide.QuickBooks, null),
        ["payment deleted in Jobber"] = (p => p.Jobber_(b => ReplacePayment(ReplaceInvoice(b, "J2", i => i with { Balance = 579.75m }), "JP1", x => x with { State = DocumentState.Deleted })), PaymentVoided, BooksSide.Jobber, VoidPaymentInQuickBooks),
        ["customer duplicated by name"] = (p => p.Qbo(b => Add(b, new BookCustomer("q7", "a&w  plumbing ", null))), CustomerDuplicated, BooksSide.Neither, null),
        ["customer duplicated by email"] = (p => p.Qbo(b => Add(b, new BookCustomer("q7", "Robert Smith", "BOB@example.com"))), CustomerDuplicated, BooksSide.Neither, null),
        ["balance differs with the payments agreeing"] = (p => p.Qbo(b => ReplaceInvoice(b, "Q3", i => i with { Balance = 5m })), BalanceDiffers, BooksSide.Neither, null),
    };

    public static TheoryData<string> PlantedCases => new(Planted.Keys);

    private static IReadOnlyList<Difference> Report(Pair pair) => Reconciler.Compare(pair.Jobber, pair.QuickBooks, pair.Links, From, To);

    [Fact]
    public void A_clean_pair_of_books_has_no_difference()
    {
        var differences = Report(Pair.Clean());

        Assert.Empty(differences);
    }

    [Theory]
    [MemberData(nameof(PlantedCases))]
    public void A_planted_difference_is_found_once_with_the_right_side_and_fix(string planted)
    {
        var (plant, kind, right, fix) = Planted[planted];

        var differences = Report(plant(Pair.Clean()));

        var found = Assert.Single(differences);
        Assert.Equal(kind, found.Kind);
        Assert.Equal(right, found.RightSide);
        Assert.Equal(fix, found.Fix?.Action);
        Assert.False(string.IsNullOrWhiteSpace(found.Explanation));
    }

    [Fact]
    public void Every_planted_difference_together_is_each_found()
    {
        // Plants that touch different documents, all at once.
        string[] together = ["invoice entered in QuickBooks only", "per-line against per-invoice tax rounding", "payment amounts differ", "customer duplicated by name", "balance differs with the payments agreeing"];
        var pair = together.Aggregate(Pair.Clean(), (p, name) => Planted[name].Plant(p));

        var kinds = Report(pair).Select(d => d.Kind).Order().ToList();

        Assert.Equal(together.Select(name => Planted[name].Kind).Order().ToList(), kinds);
    }

    [Fact]
    public void Documents_outside_the_period_are_left_out()
    {
        var pair = Pair.Clean().Jobber_(b => Add(b, new BookInvoice("J8", "0900", "c1", From.AddDays(-5), J3Lines, 95m, 0m, 95m, 95m)));

        Assert.Empty(Report(pair));
        Assert.Single(Reconciler.Compare(pair.Jobber, pair.QuickBooks, pair.Links, From.AddDays(-10), To));
    }

    [Fact]
    public void The_rounding_explanation_says_which_side_rounds_how()
    {
        var jobber = new BookInvoice("J1", "1001", "c1", Day, J1Lines, 20.30m, 1.67m, 21.97m, 21.97m, TaxRatePercent: 8.25m);

        Assert.Contains("once on the invoice, QuickBooks line by line", Reconciler.RoundingExplains(jobber, jobber with { Tax = 1.68m }));
        Assert.Contains("line by line, QuickBooks once", Reconciler.RoundingExplains(jobber with { Tax = 1.68m }, jobber));
        Assert.Null(Reconciler.RoundingExplains(jobber, jobber with { Tax = 1.69m }));
    }

    [Theory]
    [InlineData("A&W Plumbing", "A & W plumbing ")]
    [InlineData("Smith, Bob", "smith bob")]
    [InlineData("A and W", "A&W")]
    public void Names_that_differ_only_in_spacing_case_and_ampersands_are_one(string a, string b) =>
        Assert.Equal(Reconciler.NormalisedName(a), Reconciler.NormalisedName(b));

    [Fact]
    public void Different_names_stay_different() =>
        Assert.NotEqual(Reconciler.NormalisedName("A&W Plumbing"), Reconciler.NormalisedName("AW Plumbing"));
}

/// <summary>What Jobber's API no longer lists but Closeout linked is deleted in Jobber, and reported against its QuickBooks copy.</summary>
public sealed class DeletedInJobberTests
{
    private static readonly DateOnly Day = new(2026, 11, 10);

    [Fact]
    public void A_linked_invoice_and_payment_missing_from_Jobber_are_reported_as_deleted_there()
    {
        var jobber = Books.Empty;
        var quickbooks = new Books(
            [new BookInvoice("Q1", "1001", "q1", Day, [new("Service call", 1, 95m, 95m, false)], 95m, 0m, 95m, 95m),
             new BookInvoice("Q2", "1002", "q1", Day, [new("Service call", 1, 95m, 95m, false)], 95m, 0m, 95m, 45m)],
            [new BookPayment("QP1", "q1", Day, 50m, [new("Q2", 50m)])],
            [new BookCustomer("q1", "Bob Smith", null)]);
        var links = new BookLinks(
            new Dictionary<string, string>(),
            new Dictionary<string, string> { ["J1"] = "Q1" },
            new Dictionary<string, string> { ["JP1"] = "QP1" },
            new Dictionary<string, BooksSide> { ["JP1"] = BooksSide.Jobber });

        var differences = Reconciler.Compare(
            Closeout.Features.QuickBooks.Reconciliation.ReconciliationReport.WithDeletions(jobber, quickbooks, links), quickbooks, links, Day, Day);

        Assert.Contains(differences, d => d is { Kind: DifferenceKinds.InvoiceVoided, JobberId: "J1", QuickBooksId: "Q1", RightSide: BooksSide.Jobber, Fix.Action: FixActions.VoidInvoiceInQuickBooks });
        Assert.Contains(differences, d => d is { Kind: DifferenceKinds.PaymentVoided, JobberId: "JP1", QuickBooksId: "QP1", RightSide: BooksSide.Jobber, Fix.Action: FixActions.VoidPaymentInQuickBooks });
        Assert.Contains(differences, d => d is { Kind: DifferenceKinds.InvoiceOnlyInQuickBooks, QuickBooksId: "Q2" });
        Assert.Equal(3, differences.Count);
    }
}
