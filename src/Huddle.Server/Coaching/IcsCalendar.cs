using System.Text;
using Huddle.Core.Coaching;

namespace Huddle.Server.Coaching;

/// <summary>
/// One booking as an RFC 5545 calendar. Times are written in UTC ("…Z"), which every calendar
/// shows in its viewer's own zone and which needs no VTIMEZONE block; the coach's zone is noted
/// in the description. Lines end in CRLF and are folded at 75 octets; text is escaped.
/// </summary>
public static class IcsCalendar
{
    public static string Event(CoachingSession s, string coachName, string clientName, string url, DateTimeOffset now)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Huddle//Coaching//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            $"UID:{s.Id:D}@huddle",
            $"DTSTAMP:{Utc(now)}",
            $"DTSTART:{Utc(s.ScheduledAt)}",
            $"DTEND:{Utc(s.EndsAt)}",
            $"SUMMARY:{Text(s.Title)}",
            $"DESCRIPTION:{Text($"Coaching session with {coachName} (coach) and {clientName} (client).{(s.Description is null ? "" : "\n\n" + s.Description)}\n\n{url}")}",
            $"URL:{url}",
            $"STATUS:{(s.Status == CoachingStatus.Cancelled ? "CANCELLED" : "CONFIRMED")}",
            $"SEQUENCE:{s.Version - 1}",
            "TRANSP:OPAQUE",
            "END:VEVENT",
            "END:VCALENDAR",
        };
        var ics = new StringBuilder();
        foreach (var line in lines) Fold(ics, line);
        return ics.ToString();
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Text(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Folds a content line into chunks of at most 75 octets, never splitting a UTF-8 character.</summary>
    private static void Fold(StringBuilder ics, string line)
    {
        var octets = 0;
        var limit = 75;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                ics.Append("\r\n ");
                octets = 0;
                limit = 74; // the leading space counts
            }

            ics.Append(rune.ToString());
            octets += size;
        }

        ics.Append("\r\n");
    }
}
