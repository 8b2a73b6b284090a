namespace Closeout.QuickBooksSandbox.Webhooks;

/// <summary>A change to one record, as a webhook reports it (entity name, id, operation, when).</summary>
internal sealed record ChangeEvent(string RealmId, string Entity, string Id, string Operation, DateTimeOffset At);

internal interface IWebhookEvents
{
    /// <summary>Queues the change for every connected app's webhook endpoints; the worker delivers it.</summary>
    void Publish(ChangeEvent change);
}

/// <summary>Webhook operation names (quickbooks-api.md, Webhooks).</summary>
internal static class Operations
{
    public const string Create = "Create";
    public const string Update = "Update";
    public const string Delete = "Delete";
    public const string Void = "Void";
}
