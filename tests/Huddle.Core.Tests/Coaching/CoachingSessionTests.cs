using Huddle.Core.Coaching;

namespace Huddle.Core.Tests.Coaching;

public class CoachingSessionTests
{
    private static readonly DateTimeOffset At = new(2026, 6, 1, 14, 0, 0, TimeSpan.Zero);
    private static readonly Guid CoachId = Guid.NewGuid();
    private static readonly Guid ClientId = Guid.NewGuid();
    private static readonly CoachingActor Coach = new(CoachId, false);
    private static readonly CoachingActor Client = new(ClientId, false);
    private static readonly CoachingActor Admin = new(Guid.NewGuid(), true);
    private static readonly CoachingActor Stranger = new(Guid.NewGuid(), false);
    private static readonly CoachingPolicy Policy = new() { LateCancellationFeeCents = 4000 };

    private static CoachingSession Booked(CoachingStatus status = CoachingStatus.Scheduled) => new()
    {
        Id = Guid.NewGuid(), Title = "Career chat", ScheduledAt = At, DurationMinutes = 60,
        CoachId = CoachId, ClientId = ClientId, CreatedAt = At.AddDays(-3), Status = status,
    };

    private static HuddleException Refused(Action act) => Assert.Throws<HuddleException>(act);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Start_ExactlyFifteenMinutesBefore_IsAllowedForEitherParty(bool byCoach)
    {
        var time = new FakeClock(At.AddMinutes(-15));

        var t = Booked().Start(byCoach ? Coach : Client, time.GetUtcNow(), Policy);

        Assert.Equal(CoachingStatus.InProgress, t.After.Status);
        Assert.Equal(time.GetUtcNow(), t.After.StartedAt);
        Assert.Equal(CoachingStatus.Scheduled, t.Audit.From);
        Assert.Equal(CoachingStatus.InProgress, t.Audit.To);
        Assert.Equal(byCoach ? CoachingParty.Coach : CoachingParty.Client, t.Audit.ActorParty);
    }

    [Fact]
    public void Start_OneSecondBeforeTheWindow_IsTooEarly()
    {
        var time = new FakeClock(At.AddMinutes(-15).AddSeconds(-1));

        var e = Refused(() => Booked().Start(Client, time.GetUtcNow(), Policy));

        Assert.Equal("too_early", e.Code);
        Assert.Equal(ErrorKind.Conflict, e.Kind);
    }

    [Fact]
    public void Start_ByAdmin_IsAllowed() =>
        Assert.Equal(CoachingParty.Admin, Booked().Start(Admin, At, Policy).Audit.ActorParty);

    [Fact]
    public void Start_ByStranger_LooksLikeNotFound() =>
        Assert.Equal("coaching_session_not_found", Refused(() => Booked().Start(Stranger, At, Policy)).Code);

    [Theory]
    [InlineData(CoachingStatus.InProgress)]
    [InlineData(CoachingStatus.Completed)]
    [InlineData(CoachingStatus.Cancelled)]
    public void Start_NotScheduled_IsAnInvalidTransition(CoachingStatus status)
    {
        var e = Refused(() => Booked(status).Start(Coach, At, Policy));

        Assert.Equal("invalid_transition", e.Code);
        Assert.Equal(ErrorKind.Conflict, e.Kind);
    }

    [Fact]
    public void Complete_ByCoach_RecordsNotesAndActionItems()
    {
        var t = Booked(CoachingStatus.InProgress).Complete(Coach, new(" Good progress ", null, null, ["Update CV", "Call Sam"]), At.AddHours(1));

        Assert.Equal(CoachingStatus.Completed, t.After.Status);
        Assert.Equal("Good progress", t.After.Notes);
        Assert.Equal(["Update CV", "Call Sam"], t.After.ActionItems);
        Assert.Equal(At.AddHours(1), t.After.CompletedAt);
        Assert.Equal("complete", t.Audit.Action);
    }

    [Fact]
    public void Complete_ByClient_RecordsRatingAndFeedback()
    {
        var t = Booked(CoachingStatus.InProgress).Complete(Client, new(null, 5, "Great", null), At);

        Assert.Equal(5, t.After.Rating);
        Assert.Equal("Great", t.After.Feedback);
    }

    [Fact]
    public void Complete_ThenTheOtherPartyAddsTheirPart_KeepsBoth()
    {
        var completed = Booked(CoachingStatus.InProgress).Complete(Coach, new("Notes", null, null, ["A"]), At).After;

        var t = completed.Complete(Client, new(null, 4, "Useful", null), At.AddMinutes(5));

        Assert.Equal(CoachingStatus.Completed, t.After.Status);
        Assert.Equal("Notes", t.After.Notes);
        Assert.Equal(4, t.After.Rating);
        Assert.Equal(At, t.After.CompletedAt);
        Assert.Equal("record", t.Audit.Action);
    }

    [Fact]
    public void Complete_AgainWithAPartAlreadyWritten_IsRefused()
    {
        var completed = Booked(CoachingStatus.InProgress).Complete(Client, new(null, 4, null, null), At).After;

        Assert.Equal("already_completed", Refused(() => completed.Complete(Client, new(null, 2, null, null), At)).Code);
    }

    [Fact]
    public void Complete_AgainWithNothing_IsAnInvalidTransition()
    {
        var completed = Booked(CoachingStatus.InProgress).Complete(Client, new(null, 4, null, null), At).After;

        Assert.Equal("invalid_transition", Refused(() => completed.Complete(Coach, new(null, null, null, null), At)).Code);
    }

    [Theory]
    [InlineData(CoachingStatus.Scheduled)]
    [InlineData(CoachingStatus.Cancelled)]
    public void Complete_NotInProgress_IsAnInvalidTransition(CoachingStatus status) =>
        Assert.Equal("invalid_transition", Refused(() => Booked(status).Complete(Coach, new("n", null, null, null), At)).Code);

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void Complete_RatingOutOfRange_IsRefused(int rating) =>
        Assert.Equal("invalid_rating", Refused(() => Booked(CoachingStatus.InProgress).Complete(Client, new(null, rating, null, null), At)).Code);

    [Fact]
    public void Complete_ClientWritingNotes_IsNotAllowed() =>
        Assert.Equal("not_allowed", Refused(() => Booked(CoachingStatus.InProgress).Complete(Client, new("mine", null, null, null), At)).Code);

    [Fact]
    public void Complete_CoachRating_IsNotAllowed() =>
        Assert.Equal("not_allowed", Refused(() => Booked(CoachingStatus.InProgress).Complete(Coach, new(null, 5, null, null), At)).Code);

    [Fact]
    public void Complete_TooManyActionItems_IsRefused() =>
        Assert.Equal("invalid_input", Refused(() => Booked(CoachingStatus.InProgress)
            .Complete(Coach, new(null, null, null, Enumerable.Range(0, 21).Select(i => $"item {i}").ToList()), At)).Code);

    [Fact]
    public void Complete_CombiningFloodInNotesOrActionItem_IsRefused()
    {
        var flood = "a" + new string('\u0301', 3_000); // 1 of 4,000 characters, 6 KB
        Assert.Equal("invalid_input", Refused(() => Booked(CoachingStatus.InProgress).Complete(Coach, new(flood, null, null, null), At)).Code);
        Assert.Equal("invalid_input", Refused(() => Booked(CoachingStatus.InProgress).Complete(Coach, new(null, null, null, ["x\u0301\u0301\u0301\u0301\u0301"]), At)).Code);
    }

    [Fact]
    public void Cancel_ByClientExactly24HoursBefore_IsFree()
    {
        var time = new FakeClock(At.AddHours(-24));

        var t = Booked().Cancel(Client, "Conflict", null, false, time.GetUtcNow(), Policy);

        Assert.Equal(CoachingStatus.Cancelled, t.After.Status);
        Assert.Equal(0, t.After.Cancellation!.FeeCents);
        Assert.Equal(CoachingParty.Client, t.After.Cancellation.By);
        Assert.Equal("Conflict", t.Audit.Reason);
    }

    [Fact]
    public void Cancel_ByClientOneSecondUnder24Hours_PaysTheFee()
    {
        var time = new FakeClock(At.AddHours(-24).AddSeconds(1));

        Assert.Equal(4000, Booked().CancellationFee(Client, time.GetUtcNow(), Policy));
        var t = Booked().Cancel(Client, "Sick", "illness", true, time.GetUtcNow(), Policy);

        Assert.Equal(4000, t.After.Cancellation!.FeeCents);
        Assert.Equal("illness", t.After.Cancellation.CancellationType);
        Assert.True(t.After.Cancellation.RefundRequested);
    }

    /// <summary>The preview (GET …/cancellation) is the rule Cancel charges by: late for everyone inside 24 h, a fee only for the client.</summary>
    [Theory]
    [InlineData(true, -23, 4000L, true)]
    [InlineData(true, -25, 0L, false)]
    [InlineData(false, -23, 0L, true)]
    public void QuoteCancellation_IsWhatCancellingNowWouldCharge(bool byClient, int hoursBefore, long fee, bool late)
    {
        var actor = byClient ? Client : Coach;
        var now = At.AddHours(hoursBefore);

        var quote = Booked().QuoteCancellation(actor, now, Policy);

        Assert.Equal(new CancellationQuote(fee, late, TimeSpan.FromHours(24), byClient ? CoachingParty.Client : CoachingParty.Coach), quote);
        Assert.Equal(fee, Booked().Cancel(actor, "Sick", null, false, now, Policy).After.Cancellation!.FeeCents);
    }

    [Fact]
    public void Cancel_FeeShownBeforeThe24HourMark_IsRefusedOnceItPassed_AndNothingChanges()
    {
        var shown = Booked().CancellationFee(Client, At.AddHours(-24), Policy);
        var booked = Booked();

        var e = Refused(() => booked.Cancel(Client, "Sick", null, false, At.AddHours(-24).AddTicks(1), Policy, expectedFeeCents: shown));

        Assert.Equal(0, shown);
        Assert.Equal("fee_changed", e.Code);
        Assert.Equal(ErrorKind.Conflict, e.Kind);
        Assert.Equal(4000L, e.Data["feeCents"]);
        Assert.Equal(CoachingStatus.Scheduled, booked.Status);
    }

    [Theory]
    [InlineData(0L, -25)]
    [InlineData(4000L, -23)]
    public void Cancel_WithTheFeeThatApplies_Cancels(long expected, int hoursBefore)
    {
        var t = Booked().Cancel(Client, "Sick", null, false, At.AddHours(hoursBefore), Policy, expectedFeeCents: expected);

        Assert.Equal(expected, t.After.Cancellation!.FeeCents);
    }

    [Fact]
    public void Cancel_ByCoach_ExpectingNoFee_IsNeverRefusedForTheFee()
    {
        var t = Booked().Cancel(Coach, "Sick", null, false, At.AddMinutes(-1), Policy, expectedFeeCents: 0);

        Assert.Equal(CoachingStatus.Cancelled, t.After.Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Cancel_ByCoachOrAdminLate_NeverChargesTheClient(bool byCoach)
    {
        var t = Booked().Cancel(byCoach ? Coach : Admin, "Emergency", null, false, At.AddMinutes(-5), Policy);

        Assert.Equal(0, t.After.Cancellation!.FeeCents);
    }

    [Theory]
    [InlineData(CoachingStatus.InProgress)]
    [InlineData(CoachingStatus.Completed)]
    [InlineData(CoachingStatus.Cancelled)]
    public void Cancel_NotScheduled_IsAnInvalidTransition(CoachingStatus status) =>
        Assert.Equal("invalid_transition", Refused(() => Booked(status).Cancel(Client, "x", null, false, At.AddDays(-2), Policy)).Code);

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Cancel_WithoutReason_IsRefused(string? reason) =>
        Assert.Equal("reason_required", Refused(() => Booked().Cancel(Client, reason, null, false, At.AddDays(-2), Policy)).Code);

    [Fact]
    public void Cancel_ByStranger_LooksLikeNotFound() =>
        Assert.Equal("coaching_session_not_found", Refused(() => Booked().Cancel(Stranger, "x", null, false, At.AddDays(-2), Policy)).Code);

    [Fact]
    public void Commands_NeverChangeTheOriginal()
    {
        var booked = Booked();

        booked.Start(Coach, At, Policy);
        booked.Cancel(Client, "x", null, false, At.AddDays(-2), Policy);

        Assert.Equal(CoachingStatus.Scheduled, booked.Status);
        Assert.Null(booked.Cancellation);
    }
}

/// <summary>A TimeProvider standing still at a chosen instant (tests pass its time to the commands).</summary>
internal sealed class FakeClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
