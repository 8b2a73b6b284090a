using System.Collections.Concurrent;

namespace Closeout.JobberSandbox.Webhooks;

/// <summary>Webhook URLs per app: those configured plus those added at run time through the admin endpoint.</summary>
internal sealed class WebhookSubscriptions
{
    private readonly ConcurrentDictionary<string, List<WebhookSubscription>> _added = new(StringComparer.Ordinal);

    public IReadOnlyList<WebhookSubscription> For(AppRegistration app)
    {
        var added = _added.TryGetValue(app.ClientId, out var list) ? Snapshot(list) : [];
        return [.. app.Webhooks, .. added];
    }

    public void Add(string clientId, WebhookSubscription subscription)
    {
        var list = _added.GetOrAdd(clientId, _ => []);
        lock (list)
        {
            list.RemoveAll(s => s.Url == subscription.Url);
            list.Add(subscription);
        }
    }

    public void Clear() => _added.Clear();

    private static List<WebhookSubscription> Snapshot(List<WebhookSubscription> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }
}
