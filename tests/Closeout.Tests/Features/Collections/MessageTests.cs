using Closeout.Features.Collections;
using Microsoft.Extensions.AI;

namespace Closeout.Tests.Features.Collections;

public sealed class MessageTests
{
    private static readonly ReminderFacts Facts = new("Cascade Plumbing", "12 Water St, Portland OR", "(503) 555-0100", "Helen", "Helen Park", "1042",
        1234.5m, new DateOnly(2026, 11, 20), "https://pay.example/i/1042?src=r&v=1", 6, null, "https://closeout.example/collections/opt-out?x=1", "ABCDEF0123");

    private static readonly Dictionary<string, string> None = [];

    [Theory]
    [InlineData(ReminderChannel.Sms, Tone.Friendly)]
    [InlineData(ReminderChannel.Sms, Tone.Firm)]
    [InlineData(ReminderChannel.Sms, Tone.Final)]
    [InlineData(ReminderChannel.Email, Tone.Friendly)]
    [InlineData(ReminderChannel.Email, Tone.Firm)]
    [InlineData(ReminderChannel.Email, Tone.Final)]
    public void Every_default_template_carries_amount_due_date_and_pay_link(ReminderChannel channel, Tone tone)
    {
        var message = ReminderMessages.Decorate(channel, ReminderMessages.Render(channel, tone, "overdue", Facts, None), Facts);

        Assert.True(ReminderMessages.KeepsFacts(message.Body, Facts), message.Body);
        Assert.Contains("Ref ABCDEF0123", message.Body, StringComparison.Ordinal);
        Assert.Equal(channel == ReminderChannel.Email, message.Subject is not null);
    }

    [Fact]
    public void Account_templates_override_by_name_and_every_message_keeps_opt_out_and_address()
    {
        var overrides = new Dictionary<string, string>
        {
            ["overdue.sms"] = "{{ first_name }}: {{ amount }} for #{{ invoice_number }} is due {{ due_date }} - {{ pay_link }}",
            ["Firm.email"] = "Dear {{ client_name }}, please pay {{ amount }} by {{ due_date }}: {{ pay_link }}",
        };

        var sms = ReminderMessages.Decorate(ReminderChannel.Sms, ReminderMessages.Render(ReminderChannel.Sms, Tone.Firm, "overdue", Facts, overrides), Facts);
        var email = ReminderMessages.Decorate(ReminderChannel.Email, ReminderMessages.Render(ReminderChannel.Email, Tone.Firm, "overdue", Facts, overrides), Facts);

        Assert.StartsWith("Helen: $1,234.50 for #1042 is due November 20, 2026 - https://pay.example/i/1042?src=r&v=1 Reply STOP to opt out.", sms.Body, StringComparison.Ordinal);
        Assert.StartsWith("Dear Helen Park, please pay $1,234.50 by November 20, 2026: https://pay.example/i/1042?src=r&v=1", email.Body, StringComparison.Ordinal);
        Assert.Contains("12 Water St, Portland OR", email.Body, StringComparison.Ordinal);
        Assert.Contains(Facts.OptOutLink, email.Body, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, bool> Rewrites => new()
    {
        { "keeps the facts", "Hello Helen! Just a gentle note: $1,234.50 is due November 20, 2026. You can pay at https://pay.example/i/1042?src=r&v=1 - thanks!", true },
        { "rounded the amount", "Hello Helen, $1,235 is due November 20, 2026: https://pay.example/i/1042?src=r&v=1", false },
        { "moved the date", "Hello Helen, $1,234.50 is due November 21, 2026: https://pay.example/i/1042?src=r&v=1", false },
        { "dropped the link's query", "Hello Helen, $1,234.50 is due November 20, 2026: https://pay.example/i/1042", false },
        { "empty", "", false },
    };

    [Theory]
    [MemberData(nameof(Rewrites))]
    public async Task A_rewrite_is_used_only_when_amount_due_date_and_pay_link_survive(string name, string answer, bool used)
    {
        var original = ReminderMessages.Render(ReminderChannel.Sms, Tone.Friendly, "overdue", Facts, None);
        var rewriter = new ReminderRewriter(() => new AnsweringClient(answer));

        var outcome = await rewriter.RewriteAsync(original, ReminderChannel.Sms, Facts, CancellationToken.None);

        Assert.True(used == outcome.Rewritten, $"{name}: {outcome.Note}");
        Assert.Equal(used ? answer : original.Body, outcome.Message.Body);
    }

    [Fact]
    public async Task A_failing_model_keeps_the_template()
    {
        var original = ReminderMessages.Render(ReminderChannel.Email, Tone.Firm, "overdue", Facts, None);

        var outcome = await new ReminderRewriter(() => new AnsweringClient(null)).RewriteAsync(original, ReminderChannel.Email, Facts, CancellationToken.None);

        Assert.False(outcome.Rewritten);
        Assert.Equal(original, outcome.Message);
    }

    /// <summary>A chat client that answers one fixed text, or throws like a provider that is down.</summary>
    private sealed class AnsweringClient(string? answer) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            answer is null ? throw new HttpRequestException("provider down") : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
