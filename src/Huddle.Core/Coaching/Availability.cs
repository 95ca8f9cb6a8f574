using System.Globalization;
using System.Text.RegularExpressions;

namespace Huddle.Core.Coaching;

/// <summary>A half-open UTC interval [Start, End).</summary>
public readonly record struct TimeInterval(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Overlaps(TimeInterval other) => Start < other.End && other.Start < End;

    public bool Contains(TimeInterval other) => Start <= other.Start && other.End <= End;
}

/// <summary>Local wall-clock minutes within a day: [StartMinute, EndMinute), 0..1440 ("24:00" ends the day).</summary>
public sealed record DayWindow(int StartMinute, int EndMinute)
{
    public string Start => Format(StartMinute);

    public string End => Format(EndMinute);

    public static string Format(int minute) => $"{minute / 60:00}:{minute % 60:00}";
}

public sealed record WeeklyWindow(DayOfWeek Day, DayWindow Window);

/// <summary>A date whose windows replace the weekly ones (an empty list: not available that day).</summary>
public sealed record DateException(DateOnly Date, IReadOnlyList<DayWindow> Windows);

/// <summary>
/// A coach's availability in their own IANA time zone. Windows are wall-clock times, so a
/// 09:00–12:00 window stays 09:00–12:00 local across a daylight-saving change (its UTC offset moves).
/// </summary>
public sealed record CoachAvailability(TimeZoneInfo TimeZone, IReadOnlyList<WeeklyWindow> Weekly, IReadOnlyList<DateException> Exceptions)
{
    public const int MaxWindows = 70;
    public const int MaxExceptions = 366;

    public static CoachAvailability Empty(TimeZoneInfo zone) => new(zone, [], []);

    public static TimeZoneInfo ParseTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || !id.Contains('/', StringComparison.Ordinal) && id != "UTC")
            throw Errors.Invalid(ErrorCodes.InvalidTimeZone, "timeZone must be an IANA time zone id such as Europe/Paris or UTC.");
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw Errors.Invalid(ErrorCodes.InvalidTimeZone, $"Unknown time zone '{id}': use an IANA id such as Europe/Paris.");
        }
    }

    /// <summary>"HH:mm" (00:00–23:59; "24:00" allowed as an end) to minutes since midnight.</summary>
    public static int ParseClock(string? value, bool isEnd)
    {
        if (value is { Length: 5 } && value[2] == ':'
            && int.TryParse(value.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            && int.TryParse(value.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            && m < 60 && (h < 24 || (isEnd && h == 24 && m == 0)))
            return (h * 60) + m;
        throw Errors.Invalid(ErrorCodes.InvalidWindow, $"'{value}' is not a time of day in HH:mm form.");
    }

    public static DayWindow ParseWindow(string? start, string? end)
    {
        var window = new DayWindow(ParseClock(start, false), ParseClock(end, true));
        if (window.EndMinute <= window.StartMinute)
            throw Errors.Invalid(ErrorCodes.InvalidWindow, $"A window must end after it starts ({start}–{end}).");
        return window;
    }

    /// <summary>Rejects overlapping windows on one day: they would double-list slots.</summary>
    public static void EnsureDisjoint(IEnumerable<DayWindow> windows, string where)
    {
        DayWindow? previous = null;
        foreach (var w in windows.OrderBy(w => w.StartMinute))
        {
            if (previous is not null && w.StartMinute < previous.EndMinute)
                throw Errors.Invalid(ErrorCodes.InvalidWindow, $"Windows overlap on {where}.");
            previous = w;
        }
    }

    /// <summary>The available UTC intervals that intersect [from, to), in order.</summary>
    public IReadOnlyList<TimeInterval> Expand(DateTimeOffset from, DateTimeOffset to)
    {
        var result = new List<TimeInterval>();
        if (to <= from) return result;
        // Walk local dates one day either side, so windows of days that straddle UTC midnight are included.
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, TimeZone).DateTime).AddDays(-1);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, TimeZone).DateTime).AddDays(1);
        var exceptions = Exceptions.ToDictionary(e => e.Date);
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            var windows = exceptions.TryGetValue(date, out var exception)
                ? exception.Windows
                : Weekly.Where(w => w.Day == date.DayOfWeek).Select(w => w.Window);
            foreach (var window in windows.OrderBy(w => w.StartMinute))
            {
                var interval = new TimeInterval(ToUtc(date, window.StartMinute), ToUtc(date, window.EndMinute));
                if (interval.End <= interval.Start) continue; // a window wholly inside a spring-forward gap
                var clipped = new TimeInterval(Max(interval.Start, from), Min(interval.End, to));
                if (clipped.Start < clipped.End) result.Add(interval);
            }
        }

        return result;
    }

    /// <summary>True when [start, end) lies wholly inside one available window.</summary>
    public bool Covers(TimeInterval wanted) => Expand(wanted.Start, wanted.End).Any(w => w.Contains(wanted));

    /// <summary>
    /// Local wall-clock time on a date to an instant. A time inside a spring-forward gap moves to
    /// the end of the gap; an ambiguous time (fall back) means its first occurrence.
    /// </summary>
    public DateTimeOffset ToUtc(DateOnly date, int minute) => LocalToUtc(TimeZone, date.ToDateTime(TimeOnly.MinValue).AddMinutes(minute));

    public static DateTimeOffset LocalToUtc(TimeZoneInfo zone, DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var probe = local;
        while (zone.IsInvalidTime(probe)) probe = probe.AddMinutes(15);
        if (probe != local)
        {
            // The gap's end: the first valid local time, as the instant the clock jumped.
            return new DateTimeOffset(probe, zone.GetUtcOffset(probe)).ToUniversalTime();
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>
/// Free slots: availability windows minus sessions that hold their slot, in steps of the duration, minus
/// those the coach's rules refuse (the busy intervals must then reach <see cref="CoachBookingRules.Reach"/> around the range),
/// minus those the coach is busy <c>elsewhere</c> (external calendars: they block a slot, but are no sessions for buffers or daily counts).
/// </summary>
public static class SlotFinder
{
    public const int MaxRangeDays = 62;

    public static IReadOnlyList<TimeInterval> FreeSlots(
        CoachAvailability availability, DateTimeOffset from, DateTimeOffset to, int durationMinutes,
        IReadOnlyCollection<TimeInterval> busy, DateTimeOffset now, CoachRules? rules = null, IReadOnlyCollection<TimeInterval>? elsewhere = null)
    {
        BookingRules.EnsureDuration(durationMinutes);
        if (to <= from) throw Errors.InvalidInput("to must be after from.");
        if (to - from > TimeSpan.FromDays(MaxRangeDays)) throw Errors.InvalidInput($"Ask for at most {MaxRangeDays} days at a time.");
        var length = TimeSpan.FromMinutes(durationMinutes);
        var slots = new List<TimeInterval>();
        foreach (var window in availability.Expand(from, to))
        {
            // Slots are aligned to the window's start (09:00, 09:30, … for 30 minutes), like Cal.com.
            for (var start = window.Start; start + length <= window.End; start += length)
            {
                var slot = new TimeInterval(start, start + length);
                if (slot.Start < from || slot.End > to || slot.Start <= now) continue;
                if (busy.Any(b => b.Overlaps(slot))) continue;
                if (elsewhere is not null && elsewhere.Any(b => b.Overlaps(slot))) continue;
                if (rules is not null && CoachBookingRules.Check(rules, availability.TimeZone, slot, now, busy) is not null) continue;
                slots.Add(slot);
            }
        }

        return slots;
    }
}

/// <summary>The booking rules Core can check alone; overlaps are enforced by the store's transaction.</summary>
public static partial class BookingRules
{
    public const int TitleMaxLength = 80;
    public const int DescriptionMaxLength = 2000;

    public static void EnsureDuration(int minutes)
    {
        if (minutes is < CoachingPolicy.MinDurationMinutes or > CoachingPolicy.MaxDurationMinutes)
            throw Errors.Invalid(ErrorCodes.InvalidDuration,
                $"durationMinutes must be {CoachingPolicy.MinDurationMinutes} to {CoachingPolicy.MaxDurationMinutes}.");
    }

    /// <summary>
    /// ISO 8601 / RFC 3339 date-time with a 'T'. With Z or an offset (±hh:mm, ±hhmm or ±hh) the time
    /// is absolute; without one it is wall-clock time in the coach's zone (the seed's form,
    /// "2024-01-15T14:00:00"). Parsed by hand so that the server's own time zone never takes part:
    /// the framework's lenient parsers read forms they do not recognise as an offset in local time.
    /// </summary>
    public static DateTimeOffset ParseScheduledAt(string? value, TimeZoneInfo coachZone)
    {
        var trimmed = value?.Trim() ?? "";
        var match = trimmed.Length <= 40 ? IsoDateTime().Match(trimmed) : Match.Empty;
        if (!match.Success)
            throw Errors.Invalid(ErrorCodes.InvalidScheduledAt, "scheduledAt must be an ISO 8601 date-time, e.g. 2026-03-09T09:00:00Z or 2026-03-09T09:00:00.");
        DateTime local;
        try
        {
            local = new DateTime(Int(match, "y"), Int(match, "mo"), Int(match, "d"), Int(match, "h"), Int(match, "mi"),
                match.Groups["s"].Success ? Int(match, "s") : 0, DateTimeKind.Unspecified);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw Errors.Invalid(ErrorCodes.InvalidScheduledAt, $"{trimmed} is not a real date and time.");
        }

        if (match.Groups["f"].Success)
            local = local.AddTicks(long.Parse(match.Groups["f"].Value.PadRight(7, '0'), NumberStyles.None, CultureInfo.InvariantCulture));
        var zone = match.Groups["z"].Value;
        if (zone.Length == 0)
        {
            if (coachZone.IsInvalidTime(local))
                throw Errors.Invalid(ErrorCodes.InvalidScheduledAt, $"{trimmed} does not exist in {coachZone.Id} (the clocks skip it).");
            return CoachAvailability.LocalToUtc(coachZone, local);
        }

        var offset = TimeSpan.Zero;
        if (zone is not ("Z" or "z"))
        {
            var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
            var hours = int.Parse(digits.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            var minutes = digits.Length == 4 ? int.Parse(digits.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture) : 0;
            offset = new TimeSpan(hours, minutes, 0);
            if (minutes >= 60 || offset > TimeSpan.FromHours(14))
                throw Errors.Invalid(ErrorCodes.InvalidScheduledAt, $"{zone} is not a UTC offset (at most ±14:00).");
            if (zone[0] == '-') offset = -offset;
        }

        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static void EnsureBookable(CoachAvailability availability, TimeInterval wanted, DateTimeOffset now, CoachingPolicy policy)
    {
        if (wanted.Start <= now) throw Errors.Invalid(ErrorCodes.NotInFuture, "scheduledAt must be in the future.");
        if (wanted.Start - now > policy.BookingHorizon)
            throw Errors.Invalid(ErrorCodes.TooFarAhead, $"Sessions can be booked at most {policy.BookingHorizon.TotalDays:0} days ahead.");
        if (!availability.Covers(wanted)) throw CoachingErrors.OutsideAvailability();
    }

    private static int Int(Match match, string group) => int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})[Tt](?<h>\d{2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:[.,](?<f>\d{1,7}))?)?(?<z>[Zz]|[+-]\d{2}(?::?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();
}
