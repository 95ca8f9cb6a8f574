using Huddle.Core.Coaching;

namespace Huddle.Core.Tests.Coaching;

/// <summary>No-shows, the start's upper bound and the overdue sweep's decisions, on a fake clock.</summary>
public class NoShowTests
{
    private static readonly DateTimeOffset At = new(2026, 6, 1, 14, 0, 0, TimeSpan.Zero);
    private static readonly Guid CoachId = Guid.NewGuid();
    private static readonly Guid ClientId = Guid.NewGuid();
    private static readonly CoachingActor Coach = new(CoachId, false);
    private static readonly CoachingActor Client = new(ClientId, false);
    private static readonly CoachingActor Admin = new(Guid.NewGuid(), true);
    private static readonly CoachingPolicy Policy = new();

    private static CoachingSession Booked(CoachingStatus status = CoachingStatus.Scheduled) => new()
    {
        Id = Guid.NewGuid(), Title = "Career chat", ScheduledAt = At, DurationMinutes = 60,
        CoachId = CoachId, ClientId = ClientId, CreatedAt = At.AddDays(-3), Status = status, Version = 2,
    };

    [Fact]
    public void Start_UntilTheBookedEnd_ThenTooLate()
    {
        Assert.Equal(CoachingStatus.InProgress, Booked().Start(Client, new FakeClock(At.AddMinutes(59)).GetUtcNow(), Policy).After.Status);

        var error = Assert.Throws<HuddleException>(() => Booked().Start(Client, new FakeClock(At.AddMinutes(60)).GetUtcNow(), Policy));
        Assert.Equal(ErrorCodes.TooLate, error.Code);
        Assert.Equal(ErrorKind.Conflict, error.Kind);
    }

    [Fact]
    public void MarkNoShow_ChargesTheClientTheNoShowFee_WhileTheSweepersMissedChargesNothing()
    {
        var policy = new CoachingPolicy { NoShowFeeCents = 4000 };

        var marked = Booked().MarkNoShow(Coach, At.AddHours(2), policy);
        var missed = Booked().CloseOverdue(At.AddHours(2), policy)!;

        Assert.Equal(4000, marked.After.NoShowFeeCents);
        Assert.Equal("no-show fee 4000", marked.Audit.Reason);
        Assert.Equal(0, missed.After.NoShowFeeCents);
        Assert.Equal(4000, missed.After.MarkNoShow(Coach, At.AddHours(3), policy).After.NoShowFeeCents);
        Assert.Equal(0, Booked().MarkNoShow(Admin, At.AddHours(2), new CoachingPolicy { NoShowFeeCents = 0 }).After.NoShowFeeCents);
        Assert.Null(Booked().MarkNoShow(Admin, At.AddHours(2), new CoachingPolicy { NoShowFeeCents = 0 }).Audit.Reason);
    }

    [Fact]
    public void MarkNoShow_ByTheCoach_AfterTheGrace_RecordsIt()
    {
        var now = At + Policy.NoShowGrace;

        var t = Booked().MarkNoShow(Coach, now, Policy);

        Assert.Equal(CoachingStatus.NoShow, t.After.Status);
        Assert.Equal(now, t.After.MissedAt);
        Assert.False(t.After.HoldsSlot);
        Assert.Equal(("no_show", CoachingParty.Coach, CoachingStatus.Scheduled), (t.Audit.Action, t.Audit.ActorParty, t.Audit.From));
        Assert.Equal(MailKind.NoShow, CoachingMail.KindOf(t.Audit.Action));
        Assert.Equal(CoachingParty.Admin, Booked().MarkNoShow(Admin, now, Policy).Audit.ActorParty);
    }

    [Fact]
    public void MarkNoShow_BeforeTheGrace_IsTooEarly()
    {
        var error = Assert.Throws<HuddleException>(() => Booked().MarkNoShow(Coach, At + Policy.NoShowGrace - TimeSpan.FromSeconds(1), Policy));
        Assert.Equal(ErrorCodes.TooEarly, error.Code);
    }

    [Fact]
    public void MarkNoShow_ByTheClient_IsNotAllowed()
    {
        var error = Assert.Throws<HuddleException>(() => Booked().MarkNoShow(Client, At.AddHours(2), Policy));
        Assert.Equal(ErrorCodes.NotAllowed, error.Code);
    }

    [Theory]
    [InlineData(CoachingStatus.InProgress)]
    [InlineData(CoachingStatus.Completed)]
    [InlineData(CoachingStatus.Cancelled)]
    [InlineData(CoachingStatus.NoShow)]
    public void MarkNoShow_OfASessionThatHappenedOrEnded_IsInvalidTransition(CoachingStatus status)
    {
        var error = Assert.Throws<HuddleException>(() => Booked(status).MarkNoShow(Coach, At.AddHours(2), Policy));
        Assert.Equal(ErrorCodes.InvalidTransition, error.Code);
    }

    [Fact]
    public void MarkNoShow_OfAMissedSession_SaysWhyItWasMissed()
    {
        Assert.Equal(CoachingStatus.NoShow, Booked(CoachingStatus.Missed).MarkNoShow(Coach, At.AddDays(1), Policy).After.Status);
    }

    [Fact]
    public void CloseOverdue_NeverStarted_IsMissed_AtTheEndPlusGrace()
    {
        var due = At.AddMinutes(60) + Policy.OverdueGrace;

        Assert.Null(Booked().CloseOverdue(due - TimeSpan.FromSeconds(1), Policy));
        var t = Booked().CloseOverdue(due, Policy)!;

        Assert.Equal(CoachingStatus.Missed, t.After.Status);
        Assert.Equal(("missed", CoachingParty.System, Guid.Empty), (t.Audit.Action, t.Audit.ActorParty, t.Audit.ActorId));
        Assert.Null(CoachingMail.KindOf(t.Audit.Action));
    }

    [Fact]
    public void CloseOverdue_LeftInProgress_IsCompleted_AndTheCoachCanStillWriteNotes()
    {
        var due = At.AddMinutes(60) + Policy.OverdueGrace;

        var t = Booked(CoachingStatus.InProgress).CloseOverdue(due, Policy)!;
        var notes = t.After.Complete(Coach, new CompletionInput("Went well", null, null, null), due.AddHours(1));

        Assert.Equal((CoachingStatus.Completed, due), (t.After.Status, t.After.CompletedAt));
        Assert.Equal("auto_complete", t.Audit.Action);
        Assert.Equal(("record", "Went well"), (notes.Audit.Action, notes.After.Notes));
    }

    [Theory]
    [InlineData(CoachingStatus.Completed)]
    [InlineData(CoachingStatus.Cancelled)]
    [InlineData(CoachingStatus.NoShow)]
    [InlineData(CoachingStatus.Missed)]
    public void CloseOverdue_OfAClosedSession_DoesNothing(CoachingStatus status)
    {
        Assert.Null(Booked(status).CloseOverdue(At.AddDays(3), Policy));
    }
}
