using System.Globalization;
using System.Text.Json;

namespace Closeout.Features.Collections;

/// <summary>Where an invoice is in its life, from Jobber's status and our own marks (disputed, paused).</summary>
public static class ReceivableStatus
{
    public const string Draft = "draft";
    public const string AwaitingPayment = "awaiting_payment";
    public const string PastDue = "past_due";
    public const string Paid = "paid";
    public const string BadDebt = "bad_debt";

    public static bool IsOpen(string status) => status is AwaitingPayment or PastDue;
}

public sealed record ClientContact(string ClientId, string Name, string FirstName, string? Email, string? Phone, bool SmsAllowed, string? Province, string? Country);

/// <summary>An invoice as Closeout follows it. Times are instants; days are read in the business's zone when a rule needs them.</summary>
public sealed record Receivable(
    string AccountId,
    string InvoiceId,
    string InvoiceNumber,
    string ClientId,
    string Status,
    decimal Total,
    decimal Balance,
    DateTimeOffset? IssuedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? ViewedAt,
    DateTimeOffset? PaidAt,
    IReadOnlyList<ReceivedPayment> Payments,
    bool Disputed = false,
    bool Paused = false,
    string? SettledElsewhere = null)
{
    /// <summary>Owed and chased: open in Jobber with a balance, and not paid in another system of record (QuickBooks) meanwhile.</summary>
    public bool Open => ReceivableStatus.IsOpen(Status) && Balance > 0 && SettledElsewhere is null;

    /// <summary>
    /// The invoice without payments that no longer count (<see cref="IReversedPayments"/>): their amounts are owed again, and
    /// an invoice Jobber calls paid only because of them is open again, past due once its due date has gone.
    /// </summary>
    public Receivable WithoutPayments(IReadOnlySet<string> reversed, DateTimeOffset now)
    {
        var removed = Payments.Where(p => reversed.Contains(p.Id)).ToList();
        if (removed.Count == 0)
        {
            return this;
        }

        var balance = Math.Min(Total, Balance + removed.Sum(p => p.Amount));
        var reopened = Status == ReceivableStatus.Paid && balance > 0;
        return this with
        {
            Payments = [.. Payments.Where(p => !reversed.Contains(p.Id))],
            Balance = balance,
            Status = !reopened ? Status : DueAt is { } due && due < now ? ReceivableStatus.PastDue : ReceivableStatus.AwaitingPayment,
            PaidAt = reopened ? null : PaidAt,
        };
    }
}

public sealed record ReceivedPayment(string Id, decimal Amount, DateTimeOffset At);

/// <summary>Reads Jobber's invoice JSON (Receivable.graphql's shape) into a receivable and its client's contacts.</summary>
internal static class JobberReceivable
{
    public static (Receivable Receivable, ClientContact? Client) Parse(string accountId, JsonElement invoice)
    {
        var amounts = invoice.GetProperty("amounts");
        var payments = invoice.TryGetProperty("paymentRecords", out var records) && records.ValueKind == JsonValueKind.Object
            ? records.GetProperty("nodes").EnumerateArray()
                .Where(p => p.GetProperty("adjustmentType").GetString() is "PAYMENT" or "DEPOSIT")
                .Select(p => new ReceivedPayment(p.GetProperty("id").GetString()!, Money.Cents(p.GetProperty("amount").GetDecimal()), Time(p, "entryDate")!.Value))
                .ToList()
            : [];
        ClientContact? client = null;
        if (invoice.TryGetProperty("client", out var c) && c.ValueKind == JsonValueKind.Object)
        {
            var email = c.GetProperty("emails").EnumerateArray().OrderByDescending(e => e.GetProperty("primary").GetBoolean()).Select(e => e.GetProperty("address").GetString()).FirstOrDefault(a => !string.IsNullOrWhiteSpace(a));
            var phone = c.GetProperty("phones").EnumerateArray().OrderByDescending(p => p.GetProperty("smsAllowed").GetBoolean()).ThenByDescending(p => p.GetProperty("primary").GetBoolean()).FirstOrDefault();
            var address = c.TryGetProperty("billingAddress", out var a) && a.ValueKind == JsonValueKind.Object ? a : (JsonElement?)null;
            client = new ClientContact(
                c.GetProperty("id").GetString()!,
                c.GetProperty("name").GetString() ?? "",
                c.TryGetProperty("firstName", out var first) ? first.GetString() ?? "" : "",
                email,
                phone is { ValueKind: JsonValueKind.Object } p ? p.GetProperty("number").GetString() : null,
                phone is { ValueKind: JsonValueKind.Object } s && s.GetProperty("smsAllowed").GetBoolean(),
                address?.GetProperty("province").GetString(),
                address?.GetProperty("country").GetString());
        }

        var status = invoice.GetProperty("invoiceStatus").GetString() ?? ReceivableStatus.Draft;
        var balance = Money.Cents(amounts.GetProperty("invoiceBalance").GetDecimal());
        return (new Receivable(
            accountId,
            invoice.GetProperty("id").GetString()!,
            invoice.GetProperty("invoiceNumber").GetString() ?? "",
            client?.ClientId ?? "",
            status,
            Money.Cents(amounts.GetProperty("total").GetDecimal()),
            balance,
            Time(invoice, "issuedDate"),
            Time(invoice, "dueDate"),
            Time(invoice, "dateViewedInClientHub"),
            status == ReceivableStatus.Paid ? Time(invoice, "receivedDate") ?? payments.Select(p => (DateTimeOffset?)p.At).Max() : null,
            payments), client);
    }

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture)
            : null;
}
