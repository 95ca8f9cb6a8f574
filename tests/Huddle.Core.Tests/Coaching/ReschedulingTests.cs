using Huddle.Core.Coaching;

namespace Huddle.Core.Tests.Coaching;

public class ReschedulingTests
{
    private static readonly DateTimeOffset At = new(2026, 6, 1, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NewAt = At.AddDays(2);
    private static readonly Guid CoachId = Guid.NewGuid();
    private static readonly Guid ClientId = Guid.NewGuid();
    private static readonly CoachingActor Coach = new(CoachId, false);
    private static readonly CoachingActor Client = new(ClientId, false);
    private static readonly CoachingActor Admin = new(Guid.NewGuid(), true);
    private static readonly CoachingActor Stranger = new(Guid.NewGuid(), false);
    private static readonly CoachingPolicy Policy = new() { LateCancellationFeeCents = 4000 };
    private static readonly CoachRules Refusing = new(LateReschedule.Refuse);

    private static CoachingSession Booked(CoachingStatus status = CoachingStatus.Scheduled) => new()
    {
        Id = Guid.NewGuid(), Title = "Career chat", ScheduledAt = At, DurationMinutes = 60,
        CoachId = CoachId, ClientId = ClientId, CreatedAt = At.AddDays(-3), Status = status, Version = 3,
    };

    private static HuddleException Refused(Action act) => Assert.Throws<HuddleException>(act);

    [Fact]
    public void Reschedule_ByClient_ExactlyAtTheWindow_IsFree_AndKeepsTheBooking()
    {
        var time = new FakeClock(At - Policy.LateCancellationWindow);
        var session = Booked();

        var t = session.Reschedule(Client, NewAt, time.GetUtcNow(), Policy, CoachRules.Default);

        Assert.Equal(session.Id, t.After.Id);
        Assert.Equal(NewAt, t.After.ScheduledAt);
        Assert.Equal(NewAt.AddMinutes(60), t.After.EndsAt);
        Assert.Equal(CoachingStatus.Scheduled, t.After.Status);
        Assert.Equal(0, t.After.RescheduleFeeCents);
        Assert.Equal("reschedule", t.Audit.Action);
        Assert.Equal(CoachingStatus.Scheduled, t.Audit.From);
        Assert.Equal("2026-06-01T14:00Z → 2026-06-03T14:00Z", t.Audit.Reason);
        Assert.Same(session, t.Before);
    }

    [Fact]
    public void Reschedule_ByClient_InsideTheWindow_WithTheFeePolicy_AddsTheFee()
    {
        var time = new FakeClock(At - Policy.LateCancellationWindow + TimeSpan.FromSeconds(1));

        var once = Booked().Reschedule(Client, NewAt, time.GetUtcNow(), Policy, CoachRules.Default);
        var twice = once.After.Reschedule(Client, NewAt.AddDays(1), NewAt.AddHours(-1), Policy, CoachRules.Default);

        Assert.Equal(4000, once.After.RescheduleFeeCents);
        Assert.EndsWith("late fee 4000", once.Audit.Reason, StringComparison.Ordinal);
        Assert.Equal(8000, twice.After.RescheduleFeeCents);
    }

    [Fact]
    public void Reschedule_ByClient_InsideTheWindow_WithTheRefusePolicy_IsRefused()
    {
        var now = At.AddHours(-1);

        var e = Refused(() => Booked().Reschedule(Client, NewAt, now, Policy, Refusing));
        var quote = Booked().QuoteReschedule(Client, now, Policy, Refusing);

        Assert.Equal("reschedule_refused", e.Code);
        Assert.Equal(ErrorKind.Conflict, e.Kind);
        Assert.False(quote.Allowed);
        Assert.True(quote.Late);
        Assert.Equal(0, quote.FeeCents);
    }

    [Fact]
    public void Reschedule_ByClient_OutsideTheWindow_WithTheRefusePolicy_IsFree() =>
        Assert.Equal(0, Booked().Reschedule(Client, NewAt, At.AddDays(-2), Policy, Refusing).After.RescheduleFeeCents);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reschedule_ByCoachOrAdmin_InsideTheWindow_IsFree_WhateverThePolicy(bool byAdmin)
    {
        var actor = byAdmin ? Admin : Coach;

        var t = Booked().Reschedule(actor, NewAt, At.AddMinutes(-5), Policy, Refusing);

        Assert.Equal(0, t.After.RescheduleFeeCents);
        Assert.Equal(byAdmin ? CoachingParty.Admin : CoachingParty.Coach, t.Audit.ActorParty);
    }

    [Fact]
    public void Reschedule_WithTheFreeFeeSeen_AfterTheWindowOpened_IsFeeChanged()
    {
        var e = Refused(() => Booked().Reschedule(Client, NewAt, At.AddHours(-2), Policy, CoachRules.Default, expectedFeeCents: 0));

        Assert.Equal("fee_changed", e.Code);
        Assert.Equal(4000L, e.Data["feeCents"]);
    }

    [Fact]
    public void Reschedule_WithTheFeeSeen_IsAccepted() =>
        Assert.Equal(4000, Booked().Reschedule(Client, NewAt, At.AddHours(-2), Policy, CoachRules.Default, expectedFeeCents: 4000).After.RescheduleFeeCents);

    [Fact]
    public void Reschedule_ToTheSameTime_IsSameTime() =>
        Assert.Equal("same_time", Refused(() => Booked().Reschedule(Client, At, At.AddDays(-3), Policy, CoachRules.Default)).Code);

    [Theory]
    [InlineData(CoachingStatus.InProgress)]
    [InlineData(CoachingStatus.Completed)]
    [InlineData(CoachingStatus.Cancelled)]
    public void Reschedule_NotScheduled_IsAnInvalidTransition(CoachingStatus status) =>
        Assert.Equal("invalid_transition", Refused(() => Booked(status).Reschedule(Coach, NewAt, At.AddDays(-3), Policy, CoachRules.Default)).Code);

    [Fact]
    public void Reschedule_ByStranger_LooksLikeNotFound() =>
        Assert.Equal("coaching_session_not_found", Refused(() => Booked().Reschedule(Stranger, NewAt, At.AddDays(-3), Policy, CoachRules.Default)).Code);

    [Theory]
    [InlineData("fee", LateReschedule.Fee)]
    [InlineData("refuse", LateReschedule.Refuse)]
    public void LateReschedule_RoundTripsItsWireName(string name, LateReschedule value)
    {
        Assert.Equal(value, CoachRuleNames.ParseLateReschedule(name));
        Assert.Equal(name, CoachRuleNames.Of(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Fee")]
    [InlineData("free")]
    public void LateReschedule_AnythingElse_IsInvalidCoachRules(string? name) =>
        Assert.Equal("invalid_coach_rules", Refused(() => CoachRuleNames.ParseLateReschedule(name)).Code);
}
