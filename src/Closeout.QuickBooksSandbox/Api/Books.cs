using System.Text.Json.Nodes;
using Closeout.QuickBooksSandbox.Company;
using Closeout.QuickBooksSandbox.Control;
using Closeout.QuickBooksSandbox.Webhooks;
using Microsoft.Extensions.Options;
using static Closeout.QuickBooksSandbox.Api.EntityNames;

namespace Closeout.QuickBooksSandbox.Api;

/// <summary>
/// Reads and writes records of a company the way QuickBooks does: create, full or sparse update under SyncToken
/// (5010 when stale), delete and void where QuickBooks has them, server-computed fields, and a webhook per change.
/// Callers hold the store's gate.
/// </summary>
internal sealed class Books(SandboxClock clock, IOptionsMonitor<QuickBooksSandboxOptions> options, SandboxFaults faults, IWebhookEvents events)
{
    private static readonly HashSet<string> Protected = new(StringComparer.Ordinal) { "Id", "SyncToken", "MetaData", "domain", "sparse", "status" };
    private static readonly HashSet<string> NoSet = new(StringComparer.Ordinal);

    /// <summary>The operation a POST to /{entity} means: operation=delete|void, include=void on a payment update, else create or update by Id.</summary>
    public static string OperationOf(string? operation, IReadOnlySet<string> include, JsonObject body)
    {
        var op = string.IsNullOrEmpty(operation) ? (body.ContainsKey("Id") ? "update" : "create") : operation.ToLowerInvariant();
        return op == "update" && include.Contains("void") ? "void" : op;
    }

    /// <summary>
    /// Runs one write; <paramref name="batchCreated"/> holds the ids created earlier in the same batch (hidden from
    /// references), and this write's new id is added to it.
    /// </summary>
    public Outcome Write(Realm realm, string entity, string operation, JsonObject body, IReadOnlySet<string>? include = null, HashSet<string>? batchCreated = null)
    {
        var context = new WriteContext(realm, clock.GetUtcNow(), include ?? NoSet, batchCreated ?? NoSet);
        var outcome = operation switch
        {
            "create" => Create(context, entity, body),
            "update" => Update(context, entity, body),
            "delete" => Delete(context, entity, body),
            "void" => Void(context, entity, body),
            _ => Fault.Business($"Operation {operation} is not supported by the sandbox", "operation"),
        };

        foreach (var change in context.Changes)
        {
            events.Publish(change);
        }

        if (outcome.Record is not null && operation == "create")
        {
            batchCreated?.Add(Qbo.Id(outcome.Record)!);
        }

        return outcome;
    }

    public static Outcome Read(Realm realm, string entity, string id) =>
        realm.Find(entity, id) is { } record ? Outcome.Of(Output(realm, entity, record)) : Fault.ObjectNotFound($"{entity} {id} was not found or was deleted", "Id");

    /// <summary>The record as returned: without null properties, with read-only balances computed.</summary>
    public static JsonObject Output(Realm realm, string entity, JsonObject record)
    {
        var output = (JsonObject)Qbo.WithoutNulls(record)!;
        if (entity == Customer)
        {
            var id = Qbo.Id(record);
            var open = realm.All(Invoice).Where(i => Qbo.RefValue(i, "CustomerRef") == id).Sum(i => Qbo.Decimal(i["Balance"]) ?? 0);
            var credit = realm.All(Payment).Where(p => Qbo.RefValue(p, "CustomerRef") == id).Sum(p => Qbo.Decimal(p["UnappliedAmt"]) ?? 0);
            output["Balance"] = Qbo.Number(open - credit);
            output["BalanceWithJobs"] = Qbo.Number(open - credit);
        }

        return output;
    }

    private Outcome Create(WriteContext context, string entity, JsonObject body)
    {
        if (IsTax(entity))
        {
            return Fault.Business($"{entity} is created through taxservice/taxcode", "operation");
        }

        var record = Writable(body);
        var fault = Prepare(context, entity, record, existing: null);
        if (fault is not null)
        {
            return fault;
        }

        var stored = NewRecord(context.Realm.NewId(), context.Realm.Timestamp(context.Now), record);

        context.Realm.Put(entity, stored);
        context.Announce(entity, Qbo.Id(stored)!, Operations.Create);
        AfterWrite(context, entity, stored, []);
        return Outcome.Of(Output(context.Realm, entity, stored));
    }

    private Outcome Update(WriteContext context, string entity, JsonObject body)
    {
        if (IsTax(entity))
        {
            return Fault.Business($"{entity} cannot be updated through the API", "operation");
        }

        var (existing, fault) = Current(context, entity, body);
        if (existing is null)
        {
            return fault!;
        }

        JsonObject record;
        if (Qbo.Bool(body["sparse"]) == true)
        {
            record = Writable(existing);
            foreach (var (key, value) in body)
            {
                if (!Protected.Contains(key))
                {
                    record[key] = value?.DeepClone();
                }
            }
        }
        else
        {
            record = Writable(body);
            if (entity == Invoice)
            {
                record["DocNumber"] ??= existing["DocNumber"]?.DeepClone();
                record["TxnDate"] ??= existing["TxnDate"]?.DeepClone();
            }
        }

        fault = Prepare(context, entity, record, existing);
        if (fault is not null)
        {
            return fault;
        }

        var stored = new JsonObject
        {
            ["Id"] = Qbo.Id(existing),
            ["SyncToken"] = existing["SyncToken"]?.DeepClone(),
            ["domain"] = "QBO",
            ["sparse"] = false,
            ["MetaData"] = existing["MetaData"]?.DeepClone(),
        };
        foreach (var (key, value) in record)
        {
            stored[key] = value?.DeepClone();
        }

        var before = InvoicesOf(entity, existing);
        context.Touch(stored, entity, Operations.Update);
        context.Realm.Put(entity, stored);
        AfterWrite(context, entity, stored, before);
        return Outcome.Of(Output(context.Realm, entity, stored));
    }

    private Outcome Delete(WriteContext context, string entity, JsonObject body)
    {
        var (existing, fault) = Transaction(context, entity, body, "Delete");
        if (existing is null)
        {
            return fault!;
        }

        var id = Qbo.Id(existing)!;
        var before = InvoicesOf(entity, existing);
        context.Realm.Remove(entity, id, context.Now);
        context.Announce(entity, id, Operations.Delete);
        AfterWrite(context, entity, null, before);
        return Outcome.Of(new JsonObject { ["status"] = "Deleted", ["domain"] = "QBO", ["Id"] = id });
    }

    private Outcome Void(WriteContext context, string entity, JsonObject body)
    {
        var (existing, fault) = Transaction(context, entity, body, "Void");
        if (existing is null)
        {
            return fault!;
        }

        var before = InvoicesOf(entity, existing);
        if (entity == Invoice)
        {
            Invoices.Void(existing);
        }
        else
        {
            Payments.Void(existing);
        }

        context.Touch(existing, entity, Operations.Void);
        AfterWrite(context, entity, existing, before);
        return Outcome.Of(Output(context.Realm, entity, existing));
    }

    /// <summary>
    /// The invoice or payment a delete or void names, at its current SyncToken. Only transactions can be deleted
    /// or voided (a name is made inactive instead), and an invoice only once no payment is applied to it.
    /// </summary>
    private (JsonObject? Record, Fault? Fault) Transaction(WriteContext context, string entity, JsonObject body, string verb)
    {
        if (entity is not (Invoice or Payment))
        {
            return (null, Fault.Business($"Operation {verb} is not supported for {entity}; make it inactive (Active: false) instead", "operation"));
        }

        var (existing, fault) = Current(context, entity, body);
        if (existing is not null && entity == Invoice && Payments.LinksTo(context.Realm, Qbo.Id(existing)!).Count > 0)
        {
            return (null, Fault.Business($"Invoice {Qbo.Id(existing)} has payments applied; unlink them (update or delete the payments) before the {verb.ToLowerInvariant()}", "LinkedTxn"));
        }

        return (existing, fault);
    }

    private static List<string> InvoicesOf(string entity, JsonObject record) =>
        entity == Payment ? [.. Payments.Applications(record).Select(a => a.InvoiceId)] : [];

    /// <summary>The record an update, delete or void names, if its SyncToken is current (else 5010).</summary>
    private (JsonObject? Record, Fault? Fault) Current(WriteContext context, string entity, JsonObject body)
    {
        var id = Qbo.Id(body);
        if (id is null)
        {
            return (null, Fault.RequiredMissing("Id"));
        }

        var existing = context.Realm.Find(entity, id);
        if (existing is null)
        {
            return (null, Fault.ObjectNotFound($"{entity} {id} was not found or was deleted", "Id"));
        }

        if (faults.TakeStaleSyncToken())
        {
            var edit = new WriteContext(context.Realm, context.Now, NoSet, NoSet);
            edit.Touch(existing, entity, Operations.Update);
            foreach (var change in edit.Changes)
            {
                events.Publish(change);
            }
        }

        var token = Qbo.Text(body["SyncToken"]);
        if (token is null)
        {
            return (null, Fault.RequiredMissing("SyncToken"));
        }

        return token == Qbo.Text(existing["SyncToken"]) ? (existing, null) : (null, Fault.Stale(entity, id));
    }

    private Fault? Prepare(WriteContext context, string entity, JsonObject record, JsonObject? existing) => entity switch
    {
        Customer or Vendor or Employee => Lists.PrepareName(context, entity, record, existing),
        Item => Lists.PrepareItem(context, record, existing),
        Account => Lists.PrepareAccount(context, record, existing),
        Invoice => Invoices.Prepare(context, record, existing, options.CurrentValue),
        Payment => Payments.Prepare(context, record, existing),
        _ => Fault.Business($"{entity} is not writable in the sandbox", "operation"),
    };

    private static void AfterWrite(WriteContext context, string entity, JsonObject? record, IEnumerable<string> invoicesBefore)
    {
        if (entity == Payment)
        {
            var now = record is null ? [] : Payments.Applications(record).Select(a => a.InvoiceId);
            Payments.Reconcile(context, invoicesBefore.Concat(now));
        }
    }

    /// <summary>A new record: Id, SyncToken "0", domain, sparse, MetaData, then the given fields.</summary>
    public static JsonObject NewRecord(string id, string timestamp, JsonObject fields)
    {
        var record = new JsonObject
        {
            ["Id"] = id,
            ["SyncToken"] = "0",
            ["domain"] = "QBO",
            ["sparse"] = false,
            ["MetaData"] = new JsonObject { ["CreateTime"] = timestamp, ["LastUpdatedTime"] = timestamp },
        };
        foreach (var (key, value) in fields)
        {
            record[key] = value?.DeepClone();
        }

        return record;
    }

    private static JsonObject Writable(JsonObject source)
    {
        var record = new JsonObject();
        foreach (var (key, value) in source)
        {
            if (!Protected.Contains(key))
            {
                record[key] = value?.DeepClone();
            }
        }

        return record;
    }
}
