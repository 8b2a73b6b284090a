using System.Globalization;
using System.Text;

namespace Closeout.Features.QuickBooks.Reconciliation;

/// <summary>
/// Compares an account's Jobber books with its QuickBooks books for a period and lists every difference: documents in one
/// system only, amounts or tax that differ (telling the cent differences of per-line against per-invoice tax rounding
/// apart), payments unmatched, partial, unapplied, on the wrong invoice or of another amount, voided or deleted documents,
/// and duplicated customers. Pure: the same books give the same report; no I/O.
/// </summary>
public static class Reconciler
{
    public static IReadOnlyList<Difference> Compare(Books jobber, Books quickbooks, BookLinks links, DateOnly from, DateOnly to)
    {
        var differences = new List<Difference>();
        bool InPeriod(DateOnly date) => date >= from && date <= to;

        // Invoices: the stored link first, then the same document number.
        var qboInvoices = quickbooks.Invoices.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new List<(BookInvoice Jobber, BookInvoice? QuickBooks)>();
        foreach (var invoice in jobber.Invoices)
        {
            BookInvoice? match = null;
            if (links.Invoices.TryGetValue(invoice.Id, out var linked) && qboInvoices.TryGetValue(linked, out var byLink) && !taken.Contains(byLink.Id))
            {
                match = byLink;
            }
            else if (invoice.Number is { Length: > 0 } number)
            {
                match = quickbooks.Invoices.FirstOrDefault(q => !taken.Contains(q.Id) && !IsLinkedElsewhere(links, q.Id, invoice.Id) && q.Number == number);
            }

            if (match is not null)
            {
                taken.Add(match.Id);
            }

            pairs.Add((invoice, match));
        }

        var toQuickBooks = pairs.Where(p => p.QuickBooks is not null).ToDictionary(p => p.Jobber.Id, p => p.QuickBooks!.Id, StringComparer.Ordinal);
        var toJobber = toQuickBooks.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        var jobberInvoices = jobber.Invoices.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var touched = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (j, q) in pairs)
        {
            if (q is null)
            {
                if (InPeriod(j.Date) && j.State == DocumentState.Open)
                {
                    differences.Add(new(DifferenceKinds.InvoiceOnlyInJobber, Subject(j), j.Id, null, Money(j.Total), null, BooksSide.Jobber,
                        "The invoice was sent from Jobber but is not in QuickBooks, so the books miss its revenue.",
                        new(FixActions.PushInvoice, "Create it in QuickBooks with the same lines, quantities, prices and tax.")));
                }

                continue;
            }

            if (!InPeriod(j.Date) && !InPeriod(q.Date))
            {
                continue;
            }

            CompareInvoices(j, q, links, differences, touched);
        }

        foreach (var q in quickbooks.Invoices.Where(q => !taken.Contains(q.Id) && InPeriod(q.Date) && q.State == DocumentState.Open))
        {
            differences.Add(new(DifferenceKinds.InvoiceOnlyInQuickBooks, Subject(q), null, q.Id, null, Money(q.Total), BooksSide.QuickBooks,
                "The invoice was entered in QuickBooks only; Jobber does not know it, so its client gets no reminders for it. A person decides whether it belongs in Jobber or should be voided.",
                null));
        }

        ComparePayments(jobber, quickbooks, links, toQuickBooks, toJobber, jobberInvoices, qboInvoices, InPeriod, differences, touched);

        foreach (var (j, q) in pairs)
        {
            if (q is null || j.State != DocumentState.Open || q.State != DocumentState.Open || touched.Contains(j.Id) || (!InPeriod(j.Date) && !InPeriod(q.Date)))
            {
                continue;
            }

            if (j.Balance != q.Balance)
            {
                differences.Add(new(DifferenceKinds.BalanceDiffers, Subject(j), j.Id, q.Id, Money(j.Balance), Money(q.Balance), BooksSide.Neither,
                    "The open balances differ while the payments in the period agree: a payment outside the period, a credit or an adjustment on one side only. A person checks the invoice's history.",
                    null));
            }
        }

        FindDuplicateCustomers(quickbooks.Customers, links, differences);
        return differences;
    }

    private static bool IsLinkedElsewhere(BookLinks links, string qboInvoiceId, string jobberInvoiceId) =>
        links.Invoices.Any(l => l.Value == qboInvoiceId && l.Key != jobberInvoiceId);

    private static void CompareInvoices(BookInvoice j, BookInvoice q, BookLinks links, List<Difference> differences, HashSet<string> touched)
    {
        var unpaid = q.Balance == q.Total;
        if (j.State != DocumentState.Open || q.State != DocumentState.Open)
        {
            touched.Add(j.Id);
            if (j.State != DocumentState.Open && q.State == DocumentState.Open)
            {
                differences.Add(new(DifferenceKinds.InvoiceVoided, Subject(j), j.Id, q.Id, State(j.State), Money(q.Total), BooksSide.Jobber,
                    $"The invoice was {State(j.State)} in Jobber but is still open in QuickBooks.",
                    unpaid ? new(FixActions.VoidInvoiceInQuickBooks, "Void it in QuickBooks (no payment is applied to it).") : null));
            }
            else if (q.State != DocumentState.Open && j.State == DocumentState.Open)
            {
                differences.Add(new(DifferenceKinds.InvoiceVoided, Subject(j), j.Id, q.Id, Money(j.Total), State(q.State), BooksSide.QuickBooks,
                    $"The invoice was {State(q.State)} in QuickBooks (by the bookkeeper) but is still open in Jobber, so its client may still be reminded. A person closes it in Jobber or re-enters it.",
                    null));
            }

            return;
        }

        if (links.Customers.TryGetValue(j.CustomerId, out var customer) && customer != q.CustomerId)
        {
            touched.Add(j.Id);
            differences.Add(new(DifferenceKinds.InvoiceCustomerDiffers, Subject(j), j.Id, q.Id, customer, q.CustomerId, BooksSide.Jobber,
                "The QuickBooks invoice is billed to another customer than the Jobber client's.",
                unpaid ? new(FixActions.UpdateInvoiceInQuickBooks, "Move the QuickBooks invoice to the linked customer.") : null));
        }

        if (j.Subtotal != q.Subtotal || j.Total - j.Tax != q.Total - q.Tax)
        {
            touched.Add(j.Id);
            differences.Add(new(DifferenceKinds.InvoiceAmountDiffers, Subject(j), j.Id, q.Id, $"subtotal {Money(j.Subtotal)} total {Money(j.Total)}",
                $"subtotal {Money(q.Subtotal)} total {Money(q.Total)}", BooksSide.Jobber,
                "The lines differ: " + LineDifferences(j, q) + ". Jobber holds the invoice the client was sent.",
                unpaid ? new(FixActions.UpdateInvoiceInQuickBooks, "Rewrite the QuickBooks invoice's lines from Jobber's.") : null));
            return;
        }

        if (j.Tax == q.Tax)
        {
            return;
        }

        touched.Add(j.Id);
        var rounding = RoundingExplains(j, q);
        differences.Add(rounding is { } how
            ? new(DifferenceKinds.TaxRounding, Subject(j), j.Id, q.Id, Money(j.Tax), Money(q.Tax), BooksSide.Jobber,
                $"Tax differs by {Money(Math.Abs(j.Tax - q.Tax))}: {how}. Jobber's amount is the one the client was sent.",
                new(FixActions.SetTaxInQuickBooks, $"Set the QuickBooks invoice's total tax to {Money(j.Tax)} (an explicit amount QuickBooks keeps)."))
            : new(DifferenceKinds.TaxDiffers, Subject(j), j.Id, q.Id, Money(j.Tax), Money(q.Tax), BooksSide.Jobber,
                "The tax differs by more than rounding: another rate or other taxable lines. Jobber's amount is the one the client was sent.",
                unpaid ? new(FixActions.UpdateInvoiceInQuickBooks, "Rewrite the QuickBooks invoice's tax from Jobber's.") : null));
    }

    /// <summary>
    /// Whether the two tax amounts are the same rate rounded two ways: once on the invoice's taxable subtotal, and line by
    /// line. Returns how, or null.
    /// </summary>
    internal static string? RoundingExplains(BookInvoice j, BookInvoice q)
    {
        var taxable = j.Lines.Where(l => l.Taxable).Select(l => l.Amount).ToList();
        if (taxable.Count == 0)
        {
            return null;
        }

        foreach (var rate in new[] { j.TaxRatePercent, q.TaxRatePercent }.OfType<decimal>().Distinct())
        {
            var perInvoice = Round(taxable.Sum() * rate / 100m);
            var perLine = taxable.Sum(a => Round(a * rate / 100m));
            if (perInvoice != perLine && ((j.Tax == perInvoice && q.Tax == perLine) || (j.Tax == perLine && q.Tax == perInvoice)))
            {
                return j.Tax == perInvoice
                    ? $"Jobber rounds {rate.ToString("0.####", CultureInfo.InvariantCulture)}% once on the invoice, QuickBooks line by line"
                    : $"Jobber rounds {rate.ToString("0.####", CultureInfo.InvariantCulture)}% line by line, QuickBooks once on the invoice";
            }
        }

        // No rate on either side: a difference of at most half a cent per taxable line can only be rounding.
        return j.TaxRatePercent is null && q.TaxRatePercent is null && Math.Abs(j.Tax - q.Tax) * 2 <= taxable.Count * 0.01m
            ? "the rate is not stated; a difference this small can only be per-line against per-invoice rounding"
            : null;
    }

    private static string LineDifferences(BookInvoice j, BookInvoice q)
    {
        var theirs = q.Lines.ToList();
        var onlyJobber = new List<BookLine>();
        foreach (var line in j.Lines)
        {
            var same = theirs.FindIndex(l => l.Amount == line.Amount && l.Quantity == line.Quantity && l.UnitPrice == line.UnitPrice);
            if (same >= 0)
            {
                theirs.RemoveAt(same);
            }
            else
            {
                onlyJobber.Add(line);
            }
        }

        var text = new StringBuilder();
        foreach (var line in onlyJobber)
        {
            text.Append(CultureInfo.InvariantCulture, $"Jobber has '{line.Description}' {line.Quantity} x {Money(line.UnitPrice)} = {Money(line.Amount)}; ");
        }

        foreach (var line in theirs)
        {
            text.Append(CultureInfo.InvariantCulture, $"QuickBooks has '{line.Description}' {line.Quantity} x {Money(line.UnitPrice)} = {Money(line.Amount)}; ");
        }

        return text.Length == 0 ? "the totals differ" : text.ToString().TrimEnd(' ', ';');
    }

    private static void ComparePayments(
        Books jobber, Books quickbooks, BookLinks links,
        Dictionary<string, string> toQuickBooks, Dictionary<string, string> toJobber,
        Dictionary<string, BookInvoice> jobberInvoices, Dictionary<string, BookInvoice> qboInvoices,
        Func<DateOnly, bool> inPeriod, List<Difference> differences, HashSet<string> touched)
    {
        var qboPayments = quickbooks.Payments.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new List<(BookPayment Jobber, BookPayment? QuickBooks)>();
        foreach (var payment in jobber.Payments)
        {
            BookPayment? match = null;
            if (links.Payments.TryGetValue(payment.Id, out var linked) && qboPayments.TryGetValue(linked, out var byLink))
            {
                match = byLink;
            }
            else
            {
                // Unlinked: the same amount on the same day for the same invoice.
                var wanted = payment.Applied.Select(a => toQuickBooks.GetValueOrDefault(a.InvoiceId)).ToHashSet();
                match = quickbooks.Payments.FirstOrDefault(q => !taken.Contains(q.Id) && !links.Payments.Values.Contains(q.Id)
                    && q.Amount == payment.Amount && q.Date == payment.Date && q.Applied.Select(a => (string?)a.InvoiceId).ToHashSet().SetEquals(wanted));
            }

            if (match is not null)
            {
                taken.Add(match.Id);
            }

            pairs.Add((payment, match));
        }

        foreach (var (j, q) in pairs)
        {
            if (!inPeriod(j.Date) && (q is null || !inPeriod(q.Date)))
            {
                continue;
            }

            if (q is null)
            {
                if (j.State != DocumentState.Open)
                {
                    continue;
                }

                Touch(touched, j.Applied.Select(a => a.InvoiceId));
                var partial = j.Applied.Any(a => jobberInvoices.TryGetValue(a.InvoiceId, out var invoice) && invoice.Balance > 0);
                differences.Add(new(partial ? DifferenceKinds.PartialPaymentOnlyInJobber : DifferenceKinds.PaymentOnlyInJobber, PaymentSubject(j), j.Id, null,
                    Money(j.Amount), null, BooksSide.Jobber,
                    (partial ? "A partial payment" : "A payment") + " taken in Jobber is not in QuickBooks, so the books show the invoice as more open than it is.",
                    j.Applied.All(a => toQuickBooks.ContainsKey(a.InvoiceId))
                        ? new(FixActions.PushPayment, "Record it in QuickBooks against the linked invoice.")
                        : null));
                continue;
            }

            if (j.State != q.State)
            {
                Touch(touched, j.Applied.Select(a => a.InvoiceId));
                var origin = links.PaymentOrigins.GetValueOrDefault(j.Id, BooksSide.Neither);
                differences.Add(j.State != DocumentState.Open
                    ? new(DifferenceKinds.PaymentVoided, PaymentSubject(j), j.Id, q.Id, State(j.State), Money(q.Amount), BooksSide.Jobber,
                        $"The payment was {State(j.State)} in Jobber but still counts in QuickBooks.",
                        origin == BooksSide.Jobber ? new(FixActions.VoidPaymentInQuickBooks, "Void the copy Closeout wrote to QuickBooks.") : null)
                    : new(DifferenceKinds.PaymentVoided, PaymentSubject(j), j.Id, q.Id, Money(j.Amount), State(q.State), BooksSide.QuickBooks,
                        $"The payment was {State(q.State)} in QuickBooks (a bounced cheque, a refund) but still counts in Jobber. A person removes it in Jobber.",
                        null));
                continue;
            }

            if (j.State != DocumentState.Open)
            {
                continue;
            }

            var right = links.PaymentOrigins.GetValueOrDefault(j.Id, BooksSide.Neither);
            if (j.Amount != q.Amount)
            {
                Touch(touched, j.Applied.Select(a => a.InvoiceId));
                differences.Add(new(DifferenceKinds.PaymentAmountDiffers, PaymentSubject(j), j.Id, q.Id, Money(j.Amount), Money(q.Amount), right,
                    right == BooksSide.Neither
                        ? "The two copies of the payment have other amounts and neither is known to be the original. A person checks the deposit."
                        : $"The payment was entered in {Name(right)}; the copy in {Name(Other(right))} has another amount. A person corrects the copy.",
                    null));
                continue;
            }

            var jobberTargets = j.Applied.Select(a => toQuickBooks.GetValueOrDefault(a.InvoiceId) ?? "jobber:" + a.InvoiceId).ToHashSet(StringComparer.Ordinal);
            var qboTargets = q.Applied.Select(a => a.InvoiceId).ToHashSet(StringComparer.Ordinal);
            if (qboTargets.Count > 0 && !jobberTargets.SetEquals(qboTargets))
            {
                Touch(touched, j.Applied.Select(a => a.InvoiceId));
                Touch(touched, q.Applied.Select(a => toJobber.GetValueOrDefault(a.InvoiceId) ?? ""));
                differences.Add(new(DifferenceKinds.PaymentOnWrongInvoice, PaymentSubject(j), j.Id, q.Id,
                    string.Join(' ', j.Applied.Select(a => jobberInvoices.TryGetValue(a.InvoiceId, out var i) ? i.Number ?? i.Id : a.InvoiceId)),
                    string.Join(' ', q.Applied.Select(a => qboInvoices.TryGetValue(a.InvoiceId, out var i) ? i.Number ?? i.Id : a.InvoiceId)),
                    right,
                    right == BooksSide.Neither
                        ? "The payment is applied to different invoices in the two systems. A person decides which invoice was paid."
                        : $"The payment was entered in {Name(right)} against another invoice than the copy in {Name(Other(right))}.",
                    right == BooksSide.Jobber && j.Applied.All(a => toQuickBooks.ContainsKey(a.InvoiceId))
                        ? new(FixActions.ApplyPaymentInQuickBooks, "Re-apply the QuickBooks payment to the invoice linked to Jobber's.")
                        : null));
            }
        }

        foreach (var q in quickbooks.Payments.Where(p => p.State == DocumentState.Open && inPeriod(p.Date)))
        {
            if (!taken.Contains(q.Id) && q.Applied.Count > 0)
            {
                Touch(touched, q.Applied.Select(a => toJobber.GetValueOrDefault(a.InvoiceId) ?? ""));
                var partial = q.Applied.Any(a => qboInvoices.TryGetValue(a.InvoiceId, out var invoice) && invoice.Balance > 0);
                var mapped = q.Applied.All(a => toJobber.ContainsKey(a.InvoiceId));
                differences.Add(new(partial ? DifferenceKinds.PartialPaymentOnlyInQuickBooks : DifferenceKinds.PaymentOnlyInQuickBooks, PaymentSubject(q), null, q.Id,
                    null, Money(q.Amount), BooksSide.QuickBooks,
                    (partial ? "A partial payment" : "A payment") + " entered in QuickBooks is not on the Jobber invoice, so Jobber still shows it owed and reminders go on.",
                    mapped
                        ? new(FixActions.RecordPaymentInJobber, "Record it on the linked Jobber invoice (which stops its reminders).")
                        : null));
            }

            var unapplied = q.Amount - q.Applied.Sum(a => a.Amount);
            if (unapplied > 0)
            {
                var candidates = quickbooks.Invoices.Where(i => i.CustomerId == q.CustomerId && i.State == DocumentState.Open && i.Balance == unapplied).ToList();
                differences.Add(new(DifferenceKinds.PaymentUnapplied, PaymentSubject(q), null, q.Id, null, Money(unapplied), BooksSide.Neither,
                    "QuickBooks holds money from this customer that is applied to no invoice, so an invoice looks unpaid in both systems.",
                    candidates.Count == 1
                        ? new(FixActions.ApplyPaymentInQuickBooks, $"Apply it to invoice {candidates[0].Number ?? candidates[0].Id}, the customer's only open invoice of exactly that balance.")
                        : null));
            }
        }
    }

    private static void FindDuplicateCustomers(IReadOnlyList<BookCustomer> customers, BookLinks links, List<Difference> differences)
    {
        var linked = links.Customers.Values.ToHashSet(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var groups = customers.Where(c => c.Active).GroupBy(c => "name:" + NormalisedName(c.Name))
            .Concat(customers.Where(c => c.Active && !string.IsNullOrWhiteSpace(c.Email)).GroupBy(c => "email:" + c.Email!.Trim().ToLowerInvariant()))
            .Where(g => g.Count() > 1);
        foreach (var group in groups)
        {
            var ids = group.Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
            if (!reported.Add(string.Join(',', ids)))
            {
                continue;
            }

            var kept = group.FirstOrDefault(c => linked.Contains(c.Id));
            differences.Add(new(DifferenceKinds.CustomerDuplicated, "customer " + group.First().Name, null, string.Join(' ', ids), null,
                string.Join(" | ", group.Select(c => c.Name)), BooksSide.Neither,
                (group.Key.StartsWith("email:", StringComparison.Ordinal) ? "Several active QuickBooks customers share one email. " : "Several active QuickBooks customers have the same name once spacing, case and '&' are set aside. ")
                + (kept is null ? "A person merges them in QuickBooks." : $"Closeout uses {kept.Id}; a person merges the others into it in QuickBooks."),
                null));
        }
    }

    /// <summary>"A&amp;W Plumbing " and "a and w plumbing" are one name: case, spacing, punctuation and "&amp;" set aside.</summary>
    public static string NormalisedName(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name.Replace("&", " and ", StringComparison.Ordinal).ToLowerInvariant())
        {
            text.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        return string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static void Touch(HashSet<string> touched, IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            touched.Add(id);
        }
    }

    private static string Subject(BookInvoice invoice) => "invoice " + (invoice.Number ?? invoice.Id);

    private static string PaymentSubject(BookPayment payment) => $"payment {payment.Id} of {Money(payment.Amount)} on {payment.Date:yyyy-MM-dd}";

    private static string State(DocumentState state) => state == DocumentState.Voided ? "voided" : state == DocumentState.Deleted ? "deleted" : "open";

    private static string Name(BooksSide side) => side == BooksSide.QuickBooks ? "QuickBooks" : "Jobber";

    private static BooksSide Other(BooksSide side) => side == BooksSide.QuickBooks ? BooksSide.Jobber : BooksSide.QuickBooks;

    internal static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    internal static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
