using Closeout.JobberSandbox.Domain;
using Closeout.JobberSandbox.Webhooks;

namespace Closeout.JobberSandbox.GraphQL;

/// <summary>What a resolver knows of the request: the account the token belongs to, and where events go.</summary>
internal sealed class RequestContext : Dictionary<string, object?>
{
    public required Account Account { get; init; }
    public required SandboxStore Store { get; init; }
    public required TimeProvider Time { get; init; }
    public required IWebhookEvents Events { get; init; }
    public required bool StrictCatalogLines { get; init; }
}
