using System.Text;
using Huddle.Core.Coaching;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Huddle.Server.Coaching;

/// <summary>
/// One booking as an RFC 5545 calendar, built and serialized by Ical.Net (which escapes text and ends lines
/// in CRLF); lines are folded here at 75 octets (see <see cref="Refold"/>). Times are written in UTC ("…Z"), which every calendar shows in
/// its viewer's own zone and which needs no VTIMEZONE block; the coach's zone is noted in the description.
/// </summary>
public static class IcsCalendar
{
    /// <summary>The download: the video link is the event's LOCATION (what calendar apps show and make clickable) and is in the description.</summary>
    public static string Event(CoachingSession s, string coachName, string clientName, string url, DateTimeOffset now, string meetingLink) =>
        Build(s, coachName, clientName, url, now, "PUBLISH", e => WithLink(e, meetingLink));

    /// <summary>
    /// The invitation an e-mail carries (RFC 5546 iTIP): METHOD REQUEST for a new or changed booking,
    /// CANCEL once it is cancelled, with the organizer and both parties, so a calendar app that already
    /// has the event (same UID, higher SEQUENCE) moves or removes it instead of adding a second one.
    /// </summary>
    public static string Invitation(
        CoachingSession s, Account coach, Account client, string url, DateTimeOffset now, string organizer, string meetingLink) =>
        Build(s, coach.Name, client.Name, url, now, s.Status == CoachingStatus.Cancelled ? "CANCEL" : "REQUEST", e =>
        {
            WithLink(e, meetingLink);
            e.Organizer = new Organizer($"mailto:{organizer}") { CommonName = "Huddle" };
            e.Attendees = [Attendee(coach), Attendee(client)];
        });

    /// <summary>
    /// An account's subscription feed: every session of theirs as one event each (same UID and SEQUENCE as
    /// the invitations, so a subscribed calendar and an imported invitation agree), cancelled ones included
    /// with STATUS:CANCELLED so a subscribed calendar shows them struck out rather than silently gone.
    /// </summary>
    public static string Feed(IEnumerable<(CoachingSession Session, string CoachName, string ClientName, string Url)> sessions, DateTimeOffset now)
    {
        var calendar = new Calendar { ProductId = "-//Huddle//Coaching//EN", Scale = "GREGORIAN", Method = "PUBLISH" };
        calendar.Properties.Add(new CalendarProperty("X-WR-CALNAME", "Huddle coaching"));
        foreach (var (s, coach, client, url) in sessions) calendar.Events.Add(EventOf(s, coach, client, url, now));
        return Refold(new HeaderFirstSerializer().SerializeToString(calendar)!);
    }

    /// <summary>
    /// LOCATION is what Google Calendar, Outlook and Apple Calendar show as the place and turn into a link; the
    /// description repeats it as "Video: …" for those that only show the notes. (URL stays the session's page.)
    /// </summary>
    private static void WithLink(CalendarEvent e, string meetingLink)
    {
        e.Location = meetingLink;
        e.Description += $"\n\nVideo: {meetingLink}";
    }

    private static Attendee Attendee(Account a) =>
        new($"mailto:{a.Email}") { CommonName = a.Name, Role = "REQ-PARTICIPANT", ParticipationStatus = "ACCEPTED" };

    private static string Build(
        CoachingSession s, string coachName, string clientName, string url, DateTimeOffset now, string method, Action<CalendarEvent>? parties)
    {
        var calendar = new Calendar
        {
            ProductId = "-//Huddle//Coaching//EN",
            Scale = "GREGORIAN",
            Method = method,
        };
        var e = EventOf(s, coachName, clientName, url, now);
        parties?.Invoke(e);
        calendar.Events.Add(e);
        return Refold(new HeaderFirstSerializer().SerializeToString(calendar)!);
    }

    private static CalendarEvent EventOf(CoachingSession s, string coachName, string clientName, string url, DateTimeOffset now) =>
        new()
        {
            Uid = $"{s.Id:D}@huddle",
            DtStamp = Utc(now),
            DtStart = Utc(s.ScheduledAt),
            DtEnd = Utc(s.EndsAt),
            Summary = s.Title,
            Description = $"Coaching session with {coachName} (coach) and {clientName} (client).{(s.Description is null ? "" : "\n\n" + s.Description)}{(url.Length == 0 ? "" : "\n\n" + url)}",
            Url = url.Length == 0 ? null : new Uri(url),
            Status = s.Status == CoachingStatus.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Sequence = s.Version - 1,
            Transparency = TransparencyType.Opaque,
        };

    /// <summary>
    /// Ical.Net 5.2 folds by UTF-16 unit, so a fold can fall between the two halves of an emoji, which then
    /// reaches every calendar as two U+FFFD. Its folds are undone and each line is folded again into chunks
    /// of at most 75 octets that never split a character (escaped text holds no raw line break, so every
    /// CRLF + space in the output is a fold).
    /// </summary>
    private static string Refold(string ics)
    {
        var folded = new StringBuilder(ics.Length + 64);
        foreach (var line in ics.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n"))
        {
            if (line.Length == 0) continue; // after the last CRLF
            var octets = 0;
            var limit = 75;
            foreach (var rune in line.EnumerateRunes())
            {
                if (octets + rune.Utf8SequenceLength > limit)
                {
                    folded.Append("\r\n ");
                    octets = 0;
                    limit = 74; // the leading space counts
                }

                folded.Append(rune.ToString());
                octets += rune.Utf8SequenceLength;
            }

            folded.Append("\r\n");
        }

        return folded.ToString();
    }

    /// <summary>
    /// Ical.Net writes a component's properties in alphabetical order (CALSCALE, METHOD, PRODID, VERSION).
    /// RFC 5545 allows any order, but VERSION then PRODID first is what calendars write and what clients that
    /// sniff the head of the file expect, so the calendar's own lines are reordered here; each line is still
    /// escaped and folded by Ical.Net's property serializer, and the event by its component serializer.
    /// </summary>
    private sealed class HeaderFirstSerializer : CalendarSerializer
    {
        public override string? SerializeToString(object? obj)
        {
            if (obj is not Calendar calendar) return base.SerializeToString(obj);
            var factory = GetService<ISerializerFactory>();
            var ics = new StringBuilder("BEGIN:VCALENDAR\r\n");
            var properties = calendar.Properties.OrderBy(p => p.Name switch { "VERSION" => 0, "PRODID" => 1, _ => 2 });
            foreach (var item in properties.Cast<object>().Concat(calendar.Children))
                ics.Append((factory.Build(item.GetType(), SerializationContext) as IStringSerializer)?.SerializeToString(item));
            return ics.Append("END:VCALENDAR\r\n").ToString();
        }
    }

    private static CalDateTime Utc(DateTimeOffset t) => new(t.UtcDateTime);
}
