using System.Globalization;
using System.Text;
using Huddle.Core.Coaching;
using MimeKit;

namespace Huddle.Server.Coaching;

/// <summary>
/// Writes one coaching e-mail: a plain-text body and the booking's invitation (.ics, METHOD REQUEST or
/// CANCEL) attached. Times are written in UTC and in the coach's zone. A new kind is one line in
/// <see cref="Subject"/> and one in <see cref="Lead"/> (the compiler insists: both switches are exhaustive).
/// </summary>
public static class CoachingMailComposer
{
    public static MimeKit.MimeMessage Compose(
        MailMessage mail, CoachingSession s, Account recipient, Account coach, Account client, TimeZoneInfo? coachZone, string sessionUrl,
        string currency, MailboxAddress from, string meetingLink, DateTimeOffset now)
    {
        var other = recipient.Id == coach.Id ? client : coach;
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"Hello {recipient.Name},\n\n{Lead(mail.Kind, s, other)}\n\n");
        body.Append(CultureInfo.InvariantCulture, $"When: {When(s, coachZone)}\n");
        body.Append(CultureInfo.InvariantCulture, $"With: {other.Name} ({(other.Id == coach.Id ? "coach" : "client")})\n");
        if (s.Status is CoachingStatus.Scheduled or CoachingStatus.InProgress) body.Append(CultureInfo.InvariantCulture, $"Video: {meetingLink}\n");
        switch (mail.Kind)
        {
            case MailKind.Cancelled when s.Cancellation is { } c:
                body.Append(CultureInfo.InvariantCulture, $"Cancelled by: the {CoachingNames.Of(c.By)}\nReason: {c.Reason}\n");
                body.Append(c.FeeCents > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"Late-cancellation fee charged to the client: {c.FeeCents / 100m:0.00} {currency}\n")
                    : "No fee was charged.\n");
                break;
            case MailKind.Completed:
                if (s.Notes is not null) body.Append(CultureInfo.InvariantCulture, $"\nNotes:\n{s.Notes}\n");
                if (s.ActionItems is { Count: > 0 } items)
                {
                    body.Append("\nAction items:\n");
                    foreach (var item in items) body.Append(CultureInfo.InvariantCulture, $"- {item}\n");
                }

                break;
            case MailKind.Cancelled:
            case MailKind.Booked:
            case MailKind.Rescheduled:
            case MailKind.NoShow:
            case MailKind.Reminder24h:
            case MailKind.Reminder1h:
                break;
        }

        if (sessionUrl.Length > 0) body.Append(CultureInfo.InvariantCulture, $"\n{sessionUrl}\n");
        body.Append("\nThe attached invitation keeps your calendar up to date.\n");

        var ics = IcsCalendar.Invitation(s, coach, client, sessionUrl, now, from.Address, meetingLink);
        var method = s.Status == CoachingStatus.Cancelled ? "CANCEL" : "REQUEST";
        var calendar = new MimePart("text", "calendar")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(ics))),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "invite.ics",
        };
        calendar.ContentType.Parameters.Add("method", method);
        calendar.ContentType.Charset = "utf-8";

        var message = new MimeKit.MimeMessage
        {
            Subject = Subject(mail.Kind, s),
            Body = new Multipart("mixed") { new TextPart("plain") { Text = body.ToString() }, calendar },
            Date = now,
            // Stable per message, so a receiver can drop the copy a resend after a lost acknowledgement makes.
            MessageId = $"{mail.DedupeKey.Replace(':', '.')}@huddle",
        };
        message.From.Add(from);
        message.To.Add(new MailboxAddress(recipient.Name, recipient.Email));
        return message;
    }

    public static string Subject(MailKind kind, CoachingSession s) => kind switch
    {
        MailKind.Booked => $"Booked: {s.Title}",
        MailKind.Rescheduled => $"Moved: {s.Title}",
        MailKind.Cancelled => $"Cancelled: {s.Title}",
        MailKind.Completed => $"Completed: {s.Title}",
        MailKind.NoShow => $"No-show: {s.Title}",
        MailKind.Reminder24h => $"Tomorrow: {s.Title}",
        MailKind.Reminder1h => $"In one hour: {s.Title}",
    };

    private static string Lead(MailKind kind, CoachingSession s, Account other) => kind switch
    {
        MailKind.Booked => $"Your coaching session \"{s.Title}\" with {other.Name} is booked.",
        MailKind.Rescheduled => $"Your coaching session \"{s.Title}\" with {other.Name} was moved to a new time (below).",
        MailKind.Cancelled => $"Your coaching session \"{s.Title}\" with {other.Name} was cancelled.",
        MailKind.Completed => $"Your coaching session \"{s.Title}\" with {other.Name} is complete. Here is its record.",
        MailKind.NoShow => $"Your coaching session \"{s.Title}\" was marked as a no-show by the coach: the client did not come.",
        MailKind.Reminder24h => $"A reminder: your coaching session \"{s.Title}\" with {other.Name} starts in 24 hours.",
        MailKind.Reminder1h => $"A reminder: your coaching session \"{s.Title}\" with {other.Name} starts in one hour.",
    };

    private static string When(CoachingSession s, TimeZoneInfo? zone)
    {
        var utc = string.Create(CultureInfo.InvariantCulture, $"{s.ScheduledAt.UtcDateTime:yyyy-MM-dd HH:mm}–{s.EndsAt.UtcDateTime:HH:mm} UTC");
        if (zone is null || zone.Id == "UTC") return utc;
        var local = TimeZoneInfo.ConvertTime(s.ScheduledAt, zone);
        return string.Create(CultureInfo.InvariantCulture, $"{utc} ({local:yyyy-MM-dd HH:mm} {zone.Id})");
    }
}
