using Closeout.Features.Collections;
using Closeout.Features.Collections.Simulation;

namespace Closeout.Tests.Features.Collections;

public sealed class SimulationPlanAndFeeTests
{
    /// <summary>Enough clients and a willing population that plans are offered, accepted and paid within two months.</summary>
    private static readonly SimulationOptions TwoMonths = new()
    {
        Days = 60,
        Clients = 60,
        Seed = 5,
        HistoryDays = 120,
        Model = new BehaviourModel { PlanAcceptance = 0.8 },
        Settings = new CollectionSettings { LateFees = new LateFeeSettings { Enabled = true, Fixed = 20m, Percent = 2m, GraceDays = 7 } },
    };

    private static readonly SimulationResult WithFees = CollectionsSimulation.Run(TwoMonths);

    [Fact]
    public void The_personalised_run_offers_plans_takes_instalments_and_charges_fees_and_Jobber_does_neither()
    {
        var p = WithFees.Personalised.PlansAndFees;
        var j = WithFees.JobberFixed.PlansAndFees;

        Assert.True(p.PlansOffered > 0 && p.PlansAccepted > 0 && p.PlansAccepted <= p.PlansOffered, p.ToString());
        Assert.True(p.InstalmentsPaid > 0 && p.InstalmentsDue > 0, p.ToString());
        Assert.True(p.FeesCharged > 0 && p.FeeAmount >= p.FeesCharged * 20m && p.FeesCollected <= p.FeeAmount, p.ToString());
        Assert.Equal(new PlanAndFeeFigures(0, 0, 0, 0, 0, 0m, 0m), j);

        // Reminders of an invoice on a plan chase its instalments, and each is the one the planner chose for that day.
        Assert.Contains(WithFees.Personalised.Messages, m => m.Reminder.Reminder.Id.Contains("/i", StringComparison.Ordinal));
        SimulationTests.AssertSentOnlyWhatThePolicyChose(WithFees);
    }

    [Fact]
    public void Late_fees_off_charge_nothing_and_leave_the_plans_as_they_were()
    {
        var off = CollectionsSimulation.Run(TwoMonths with { Settings = new CollectionSettings() }).Personalised.PlansAndFees;

        Assert.Equal((0, 0m), (off.FeesCharged, off.FeeAmount));
        Assert.Equal((WithFees.Personalised.PlansAndFees.PlansOffered, WithFees.Personalised.PlansAndFees.PlansAccepted), (off.PlansOffered, off.PlansAccepted));
    }

    [Fact]
    public void The_printout_shows_plans_and_fees_and_the_run_is_deterministic()
    {
        var printed = SimulateCommand.Print(WithFees);
        var again = SimulateCommand.Print(CollectionsSimulation.Run(TwoMonths));
        var p = WithFees.Personalised.PlansAndFees;

        Assert.Equal(printed, again);
        Assert.Contains($"plans accepted{p.PlansAccepted,26}{0,14}", printed, StringComparison.Ordinal);
        Assert.Contains($"late fees charged{p.FeesCharged,23}{0,14}", printed, StringComparison.Ordinal);
        Assert.Contains(Money.Format(p.FeeAmount), printed, StringComparison.Ordinal);
        Assert.Contains("late fees: $20.00 + 2% of the balance after 7 days' grace", printed, StringComparison.Ordinal);
        Assert.NotEqual(printed, SimulateCommand.Print(CollectionsSimulation.Run(TwoMonths with { Seed = 6 })));
    }
}
