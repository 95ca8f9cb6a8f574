using Huddle.Core.Coaching;

namespace Huddle.Core.Tests.Coaching;

public class CoachingMailTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 4, 12, 0, 0, TimeSpan.Zero);

    private static CoachingSession Booked(DateTimeOffset createdAt) => new()
    {
        Id = Guid.NewGuid(), Title = "Chat", ScheduledAt = Noon, DurationMinutes = 60,
        CoachId = Guid.NewGuid(), ClientId = Guid.NewGuid(), CreatedAt = createdAt,
    };

    [Fact]
    public void Reminders_AreDueAtTheirMarks_ForBothParties()
    {
        var s = Booked(Noon.AddDays(-3));

        Assert.Empty(CoachingMail.RemindersDue(s, Noon.AddHours(-24).AddSeconds(-1)));
        Assert.Equal([MailKind.Reminder24h, MailKind.Reminder24h], CoachingMail.RemindersDue(s, Noon.AddHours(-24)).Select(r => r.Kind));
        Assert.Equal([s.ClientId, s.CoachId], CoachingMail.RemindersDue(s, Noon.AddHours(-2)).Select(r => r.RecipientId));
        Assert.Equal([MailKind.Reminder1h, MailKind.Reminder1h], CoachingMail.RemindersDue(s, Noon.AddMinutes(-30)).Select(r => r.Kind));
        Assert.Empty(CoachingMail.RemindersDue(s, Noon));
    }

    [Fact]
    public void Reminders_WhoseMarkHadPassedAtBooking_AreNotSent()
    {
        var s = Booked(Noon.AddHours(-3));

        Assert.Empty(CoachingMail.RemindersDue(s, Noon.AddHours(-2)));
        Assert.Equal([MailKind.Reminder1h, MailKind.Reminder1h], CoachingMail.RemindersDue(s, Noon.AddMinutes(-59)).Select(r => r.Kind));
    }

    [Fact]
    public void Reminders_AreKeyedByTheStartTime_AndNotSentForACancelledSession()
    {
        var s = Booked(Noon.AddDays(-3));
        var moved = s with { ScheduledAt = Noon.AddHours(1) };

        Assert.NotEqual(
            CoachingMail.RemindersDue(s, Noon.AddHours(-2)).Select(r => r.DedupeKey),
            CoachingMail.RemindersDue(moved, Noon.AddHours(-2)).Select(r => r.DedupeKey));
        Assert.Empty(CoachingMail.RemindersDue(s with { Status = CoachingStatus.Cancelled }, Noon.AddHours(-2)));
    }

    [Fact]
    public void AuditActions_MapToTheirMail()
    {
        Assert.Equal(MailKind.Booked, CoachingMail.KindOf("book"));
        Assert.Equal(MailKind.Rescheduled, CoachingMail.KindOf("reschedule"));
        Assert.Equal(MailKind.Cancelled, CoachingMail.KindOf("cancel"));
        Assert.Equal(MailKind.Completed, CoachingMail.KindOf("complete"));
        Assert.Null(CoachingMail.KindOf("start"));
        Assert.Null(CoachingMail.KindOf("record"));
    }
}
