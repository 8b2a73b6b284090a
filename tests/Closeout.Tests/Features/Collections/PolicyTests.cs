using Closeout.Features.Collections;

namespace Closeout.Tests.Features.Collections;

public sealed class PolicyTests
{
    private static readonly CollectionSettings Settings = new();
    private static readonly ReminderTarget Invoice = new("inv-1", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 15), 400m);
    private static readonly Reachability Anywhere = new(true, true);

    private static PaymentProfile Profile(PayerKind kind, decimal balance = 0, ReminderChannel? answers = null, bool fromDefaults = false)
    {
        List<ChannelResponse> responses = answers switch
        {
            ReminderChannel.Sms => [new(ReminderChannel.Email, 4, 0), new(ReminderChannel.Sms, 4, 3)],
            ReminderChannel.Email => [new(ReminderChannel.Email, 4, 3), new(ReminderChannel.Sms, 4, 0)],
            _ => [],
        };
        return new PaymentProfile(kind, fromDefaults, fromDefaults ? 0 : 6, kind == PayerKind.Reliable ? 1 : 0.3, kind == PayerKind.ChronicLate ? 14 : 2, 3, null, 0, responses, balance, 0);
    }

    private static string Shape(IEnumerable<PlannedReminder> plan) => string.Join(" ", plan.Select(r => $"{r.On:MM-dd}:{r.Channel}:{r.Tone}"));

    public static TheoryData<string, PaymentProfile, Reachability, string> Cases => new()
    {
        { "typical payer gets the account cadence", Profile(PayerKind.Typical), Anywhere, "11-12:Email:Friendly 11-15:Email:Friendly 11-22:Both:Firm 12-06:Both:Final" },
        { "new client: the defaults", Profile(PayerKind.Typical, fromDefaults: true), Anywhere, "11-12:Email:Friendly 11-15:Email:Friendly 11-22:Both:Firm 12-06:Both:Final" },
        { "reliable payer: one friendly nudge on the due date", Profile(PayerKind.Reliable), Anywhere, "11-15:Email:Friendly" },
        { "chronic late: a week early, post-due halved, firm", Profile(PayerKind.ChronicLate), Anywhere, "11-08:Email:Friendly 11-12:Email:Friendly 11-15:Email:Firm 11-18:Both:Firm 11-25:Both:Final" },
        { "answers texts: email steps become texts", Profile(PayerKind.Typical, answers: ReminderChannel.Sms), Anywhere, "11-12:Sms:Friendly 11-15:Sms:Friendly 11-22:Both:Firm 12-06:Both:Final" },
        { "no phone: everything by email", Profile(PayerKind.Typical, answers: ReminderChannel.Sms), new Reachability(true, false), "11-12:Email:Friendly 11-15:Email:Friendly 11-22:Email:Firm 12-06:Email:Final" },
        { "unreachable: a person calls", Profile(PayerKind.Reliable), new Reachability(false, false), "11-15:Call:Friendly" },
        { "large balance: a call task at the first overdue step", Profile(PayerKind.Typical, balance: 2500m), Anywhere, "11-12:Email:Friendly 11-15:Email:Friendly 11-22:Both:Firm 11-22:Call:Firm 12-06:Both:Final" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Profile_adjusts_the_account_cadence(string name, PaymentProfile profile, Reachability reach, string expected)
    {
        var plan = CadencePlanner.Plan(Invoice, profile, Settings, reach);

        Assert.True(expected == Shape(plan), $"{name}: {Shape(plan)}");
        Assert.All(plan, r => Assert.NotEmpty(r.Why));
        Assert.Equal(plan.Count, plan.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void Steps_before_the_invoice_was_issued_are_dropped()
    {
        var lateIssue = Invoice with { IssuedOn = new DateOnly(2026, 11, 14) };

        var plan = CadencePlanner.Plan(lateIssue, Profile(PayerKind.ChronicLate), Settings, Anywhere);

        Assert.All(plan, r => Assert.True(r.On >= lateIssue.IssuedOn));
        Assert.Equal(new DateOnly(2026, 11, 15), plan[0].On);
    }

    [Fact]
    public void Reminders_are_keyed_by_invoice_instalment_and_step_and_say_why()
    {
        var instalment = Invoice with { Instalment = 2, AmountDue = 2500m };

        var plan = CadencePlanner.Plan(instalment, Profile(PayerKind.ChronicLate, answers: ReminderChannel.Sms), Settings, Anywhere);

        Assert.DoesNotContain(plan, r => r.Channel == ReminderChannel.Call);
        Assert.Equal("inv-1/i2/d-7-sms", plan[0].Id);
        Assert.Contains(plan[0].Why, w => w.Contains("early nudge", StringComparison.Ordinal));
        Assert.Contains(plan[1].Why, w => w == "answers texts, not emails");
        Assert.Equal(plan, CadencePlanner.Plan(instalment, Profile(PayerKind.ChronicLate, answers: ReminderChannel.Sms), Settings, Anywhere), new PlanComparer());
    }

    private sealed class PlanComparer : IEqualityComparer<PlannedReminder>
    {
        public bool Equals(PlannedReminder? x, PlannedReminder? y) => x?.Id == y?.Id && x?.On == y?.On && x?.Channel == y?.Channel;

        public int GetHashCode(PlannedReminder obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
