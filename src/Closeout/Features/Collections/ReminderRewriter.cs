using Closeout.SecondOpinion.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Closeout.Features.Collections;

/// <summary>What became of an optional rewrite.</summary>
public sealed record RewriteOutcome(RenderedMessage Message, bool Rewritten, string Note);

/// <summary>
/// Optional: the configured language model (Collections:Rewrite, an LlmProfile as in the second opinion) rewrites a
/// reminder's words for the client. The rewrite is used only when the amount, the due date and the pay link appear in it
/// exactly as in the original; anything else (a changed figure, a lost link, an error, a timeout) keeps the template's text.
/// </summary>
public sealed class ReminderRewriter(Func<IChatClient?> clients)
{
    private const string Instructions =
        "You rewrite a payment reminder from a small service business to its client so it reads naturally and politely. " +
        "Keep every amount, date and link exactly as written, character for character. Add no new facts, offers or links. " +
        "Answer with the rewritten message only.";

    public async Task<RewriteOutcome> RewriteAsync(RenderedMessage message, ReminderChannel channel, ReminderFacts facts, CancellationToken cancellationToken)
    {
        if (clients() is not { } client)
        {
            return new RewriteOutcome(message, false, "no model configured");
        }

        string text;
        try
        {
            var response = await client.GetResponseAsync(
                [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, message.Body)],
                new ChatOptions { Temperature = 0 }, cancellationToken).ConfigureAwait(false);
            text = response.Text.Trim();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RewriteOutcome(message, false, "model timed out");
        }
#pragma warning disable CA1031 // Any provider failure means "keep the template's words"; the reminder still goes.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new RewriteOutcome(message, false, $"model failed: {e.GetType().Name}");
        }

        if (text.Length == 0 || (channel == ReminderChannel.Sms && text.Length > 1400))
        {
            return new RewriteOutcome(message, false, "rewrite empty or too long");
        }

        return ReminderMessages.KeepsFacts(text, facts)
            ? new RewriteOutcome(message with { Body = text }, true, "rewritten; amount, due date and pay link unchanged")
            : new RewriteOutcome(message, false, "rewrite changed the amount, the due date or the pay link: template kept");
    }

    /// <summary>The client for Collections:Rewrite, built once; null when no profile is configured or it cannot be built.</summary>
    public static ReminderRewriter FromOptions(IOptions<CollectionsOptions> options, IHttpClientFactory httpClients)
    {
        var client = new Lazy<IChatClient?>(() => options.Value.Rewrite is { } profile ? new LlmChatClients(httpClients).Create(profile).Client : null);
        return new ReminderRewriter(() => client.Value);
    }
}
