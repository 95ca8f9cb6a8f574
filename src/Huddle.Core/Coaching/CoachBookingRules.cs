using System.Globalization;

namespace Huddle.Core.Coaching;

/// <summary>Which of a coach's limits a wanted slot breaks (the first one, in the order they are checked).</summary>
public enum RuleBreak
{
    LengthNotOffered,
    TooLittleNotice,
    TooFarAhead,
    Buffer,
    DailyLimit,
}

/// <summary>
/// A coach's booking limits (Calendly's and Cal.com's "limits"): offered lengths, minimum notice,
/// booking horizon, buffers around sessions and a maximum per day. One decision serves booking,
/// rescheduling and the free-slot listing, so the list never offers what a booking would refuse.
/// Buffers and the daily count look at the coach's other slot-holding sessions; an exact overlap is
/// left to the store (<c>slot_taken</c>), which enforces it atomically.
/// </summary>
public static class CoachBookingRules
{
    public const int MaxNoticeMinutes = 30 * 24 * 60;
    public const int MaxBufferMinutes = 240;
    public const int MaxSessionsPerDayLimit = 48;
    public const int MaxLengths = 6;

    /// <summary>How far around a wanted slot the coach's sessions matter (buffers and a whole local day either side).</summary>
    public static readonly TimeSpan Reach = TimeSpan.FromDays(2);

    /// <summary>The rules as given, checked: each value in its range, lengths distinct and sorted.</summary>
    public static CoachRules Validated(CoachRules rules, CoachingPolicy policy)
    {
        Range(rules.MinNoticeMinutes, 0, MaxNoticeMinutes, "minNoticeMinutes");
        Range(rules.BufferBeforeMinutes, 0, MaxBufferMinutes, "bufferBeforeMinutes");
        Range(rules.BufferAfterMinutes, 0, MaxBufferMinutes, "bufferAfterMinutes");
        Range(rules.MaxSessionsPerDay, 0, MaxSessionsPerDayLimit, "maxSessionsPerDay");
        Range(rules.HorizonDays, 0, (int)policy.BookingHorizon.TotalDays, "horizonDays");
        if (rules.Lengths.Count > MaxLengths) throw Invalid($"Offer at most {MaxLengths} lengths.");
        foreach (var length in rules.Lengths)
        {
            if (length is < CoachingPolicy.MinDurationMinutes or > CoachingPolicy.MaxDurationMinutes || length % 5 != 0)
                throw Invalid($"Each length must be {CoachingPolicy.MinDurationMinutes} to {CoachingPolicy.MaxDurationMinutes} minutes, in steps of 5.");
        }

        if (rules.Lengths.Distinct().Count() != rules.Lengths.Count) throw Invalid("Each length may be offered once.");
        if (rules.HorizonDays > 0 && rules.MinNoticeMinutes >= rules.HorizonDays * 24 * 60)
            throw Invalid("The minimum notice must be shorter than the booking horizon.");
        return rules with { Lengths = [.. rules.Lengths.Order()] };
    }

    /// <summary>
    /// The first limit <paramref name="wanted"/> breaks, or null. <paramref name="others"/> are the coach's
    /// other slot-holding sessions near it (a reschedule leaves out the session being moved).
    /// </summary>
    public static RuleBreak? Check(
        CoachRules rules, TimeZoneInfo coachZone, TimeInterval wanted, DateTimeOffset now, IReadOnlyCollection<TimeInterval> others)
    {
        var minutes = (int)(wanted.End - wanted.Start).TotalMinutes;
        if (rules.Lengths.Count > 0 && !rules.Lengths.Contains(minutes)) return RuleBreak.LengthNotOffered;
        if (wanted.Start - now < TimeSpan.FromMinutes(rules.MinNoticeMinutes)) return RuleBreak.TooLittleNotice;
        if (rules.HorizonDays > 0 && wanted.Start - now > TimeSpan.FromDays(rules.HorizonDays)) return RuleBreak.TooFarAhead;

        // Each session keeps its own buffers, so between two of them lie at least the earlier one's
        // "after" and the later one's "before" (Cal.com adds them the same way).
        var before = TimeSpan.FromMinutes(rules.BufferBeforeMinutes);
        var after = TimeSpan.FromMinutes(rules.BufferAfterMinutes);
        if (before + after > TimeSpan.Zero)
        {
            var padded = new TimeInterval(wanted.Start - before, wanted.End + after);
            foreach (var other in others)
            {
                if (other.Overlaps(wanted)) continue; // an overlap is slot_taken, the store's to refuse
                if (padded.Overlaps(new TimeInterval(other.Start - before, other.End + after))) return RuleBreak.Buffer;
            }
        }

        if (rules.MaxSessionsPerDay > 0)
        {
            var day = LocalDate(wanted.Start, coachZone);
            if (others.Count(o => LocalDate(o.Start, coachZone) == day) >= rules.MaxSessionsPerDay) return RuleBreak.DailyLimit;
        }

        return null;
    }

    /// <summary>As <see cref="Check"/>, throwing the limit's coded error.</summary>
    public static void Ensure(
        CoachRules rules, TimeZoneInfo coachZone, TimeInterval wanted, DateTimeOffset now, IReadOnlyCollection<TimeInterval> others)
    {
        if (Check(rules, coachZone, wanted, now, others) is { } broken) throw Error(broken, rules);
    }

    public static HuddleException Error(RuleBreak broken, CoachRules rules) => broken switch
    {
        RuleBreak.LengthNotOffered => Errors.Invalid(ErrorCodes.LengthNotOffered,
            $"This coach offers sessions of {string.Join(", ", rules.Lengths.Select(l => l.ToString(CultureInfo.InvariantCulture)))} minutes. Pick one of those."),
        RuleBreak.TooLittleNotice => Errors.Invalid(ErrorCodes.TooLittleNotice,
            $"This coach needs {Duration(rules.MinNoticeMinutes)} notice: pick a later time."),
        RuleBreak.TooFarAhead => Errors.Invalid(ErrorCodes.TooFarAhead,
            $"This coach takes bookings at most {rules.HorizonDays} days ahead."),
        RuleBreak.Buffer => Errors.Invalid(ErrorCodes.BufferConflict,
            $"This coach keeps {rules.BufferBeforeMinutes} minutes free before and {rules.BufferAfterMinutes} after each session: that time is too close to another one."),
        RuleBreak.DailyLimit => Errors.Invalid(ErrorCodes.DailyLimitReached,
            $"This coach takes at most {rules.MaxSessionsPerDay} sessions a day, and that day is full. Pick another day."),
    };

    /// <summary>The length to list slots of: the one asked for, or the coach's shortest when that one is not offered (the directory's default of 60).</summary>
    public static int ListedLength(CoachRules rules, int durationMinutes) =>
        rules.Lengths.Count == 0 || rules.Lengths.Contains(durationMinutes) ? durationMinutes : rules.Lengths[0];

    private static DateOnly LocalDate(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    private static string Duration(int minutes) => minutes % 60 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} hours'")
        : string.Create(CultureInfo.InvariantCulture, $"{minutes} minutes'");

    private static void Range(int value, int min, int max, string name)
    {
        if (value < min || value > max) throw Invalid($"{name} must be {min} to {max}.");
    }

    private static HuddleException Invalid(string message) => Errors.Invalid(ErrorCodes.InvalidCoachRules, message);
}
