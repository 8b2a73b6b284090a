using Closeout.Infrastructure;

namespace Closeout.Features.Inbox;

/// <summary>
/// Work another feature puts through the inbox (its rows, retries and dead letters): the worker hands it each claimed item
/// whose topic it handles. A success is a note for the item's row; a failure is retried or dead-lettered by its kind.
/// </summary>
internal interface IInboxHandler
{
    bool Handles(string topic);

    Task<Result<string>> HandleAsync(InboxItem item, CancellationToken cancellationToken);
}
