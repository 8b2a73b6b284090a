using Closeout.Features.Collections;

namespace Closeout.Tests.Features.Collections;

public sealed class SmsKeywordTests
{
    [Theory]
    [InlineData("STOP", InboundIntent.OptOut)]
    [InlineData("stop", InboundIntent.OptOut)]
    [InlineData(" Stop. ", InboundIntent.OptOut)]
    [InlineData("STOPALL", InboundIntent.OptOut)]
    [InlineData("Unsubscribe", InboundIntent.OptOut)]
    [InlineData("end", InboundIntent.OptOut)]
    [InlineData("QUIT", InboundIntent.OptOut)]
    [InlineData("revoke", InboundIntent.OptOut)]
    [InlineData("opt out", InboundIntent.OptOut)]
    [InlineData("OPT-OUT", InboundIntent.OptOut)]
    [InlineData("optout", InboundIntent.OptOut)]
    [InlineData("Cancel", InboundIntent.OptOut)]
    [InlineData("please stop texting me", InboundIntent.OptOut)]
    [InlineData("can I cancel tuesday's visit?", InboundIntent.Other)]
    [InlineData("the end of the pipe leaks", InboundIntent.Other)]
    [InlineData("non-stop rain here, will pay friday", InboundIntent.Other)]
    [InlineData("START", InboundIntent.OptIn)]
    [InlineData("unstop", InboundIntent.OptIn)]
    [InlineData("Yes", InboundIntent.OptIn)]
    [InlineData("HELP", InboundIntent.Help)]
    [InlineData("info", InboundIntent.Help)]
    [InlineData("", InboundIntent.Other)]
    [InlineData(null, InboundIntent.Other)]
    public void Inbound_words_are_read_as_opt_out_opt_in_or_help(string? body, InboundIntent expected) =>
        Assert.Equal(expected, SmsKeywords.Classify(body));

    [Fact]
    public void Stop_is_honoured_at_once_and_confirmed_once()
    {
        var at = new DateTimeOffset(2026, 11, 10, 15, 0, 0, TimeSpan.Zero);
        var state = new SmsConsentState(true, false, null);

        var (afterStop, firstReply) = state.Apply(SmsKeywords.Classify("STOP"), at, "Acme", "555-0100");
        var (afterSecond, secondReply) = afterStop.Apply(SmsKeywords.Classify("unsubscribe"), at.AddMinutes(1), "Acme", "555-0100");
        var (_, help) = afterSecond.Apply(SmsKeywords.Classify("HELP"), at.AddMinutes(2), "Acme", "555-0100");
        var (afterStart, startReply) = afterSecond.Apply(SmsKeywords.Classify("START"), at.AddMinutes(3), "Acme", "555-0100");

        Assert.True(afterStop.OptedOut);
        Assert.NotNull(firstReply);
        Assert.Null(secondReply);
        Assert.Contains("555-0100", help, StringComparison.Ordinal);
        Assert.False(afterStart.OptedOut);
        Assert.NotNull(startReply);
        Assert.False(SendGuard.Check(ReminderChannel.Sms, new SendContext(at, false, false, false, false, Consent.Everything with { SmsOptedOut = afterStop.OptedOut }, TimeZoneInfo.Utc)).Verdict == Verdict.Send);
    }
}
