using Huddle.Core.Coaching;

namespace Huddle.Core.Tests.Coaching;

/// <summary>Recurring series: the coach's wall-clock time kept across daylight-saving changes, the count and end-date rules, and every clash reported.</summary>
public class SeriesTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly TimeZoneInfo Auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero); // Monday

    [Fact]
    public void Weekly_AcrossTheSpringChange_KeepsTheCoachsLocalTime()
    {
        // Wednesdays 09:00 in New York: 14:00Z before 8 March 2026, 13:00Z after.
        var starts = SeriesPlan.Occurrences(new(2026, 3, 4, 14, 0, 0, TimeSpan.Zero), NewYork, SeriesFrequency.Weekly, 3, null);

        Assert.Equal([new(2026, 3, 4, 14, 0, 0, TimeSpan.Zero), new(2026, 3, 11, 13, 0, 0, TimeSpan.Zero), new(2026, 3, 18, 13, 0, 0, TimeSpan.Zero)], starts);
    }

    [Fact]
    public void Fortnightly_AcrossTheAutumnChange_KeepsTheCoachsLocalTime()
    {
        // Wednesdays 09:00 in Paris: 07:00Z in summer time, 08:00Z after 25 October 2026.
        var starts = SeriesPlan.Occurrences(new(2026, 10, 14, 7, 0, 0, TimeSpan.Zero), Paris, SeriesFrequency.Fortnightly, 3, null);

        Assert.Equal([new(2026, 10, 14, 7, 0, 0, TimeSpan.Zero), new(2026, 10, 28, 8, 0, 0, TimeSpan.Zero), new(2026, 11, 11, 8, 0, 0, TimeSpan.Zero)], starts);
    }

    [Fact]
    public void AnOccurrenceInsideASpringForwardGap_MovesToTheGapsEnd()
    {
        // Sundays 02:30 New York: on 8 March 2026 the clocks jump from 02:00 to 03:00 EDT (07:00Z).
        var starts = SeriesPlan.Occurrences(new(2026, 3, 1, 7, 30, 0, TimeSpan.Zero), NewYork, SeriesFrequency.Weekly, 3, null);

        Assert.Equal([new(2026, 3, 1, 7, 30, 0, TimeSpan.Zero), new(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), new(2026, 3, 15, 6, 30, 0, TimeSpan.Zero)], starts);
    }

    [Fact]
    public void Until_IsADateInTheCoachsZone_Inclusive_AcrossTheSouthernAutumnChange()
    {
        // Wednesdays 08:00 in Auckland are Tuesdays 19:00Z (UTC+13), then 20:00Z after 5 April 2026 (UTC+12).
        var first = new DateTimeOffset(2026, 3, 3, 19, 0, 0, TimeSpan.Zero);

        Assert.Equal(2, SeriesPlan.Occurrences(first, Auckland, SeriesFrequency.Weekly, null, "2026-03-17").Count); // 4 and 11 March local
        Assert.Equal(3, SeriesPlan.Occurrences(first, Auckland, SeriesFrequency.Weekly, null, "2026-03-18").Count);
        var april = SeriesPlan.Occurrences(first, Auckland, SeriesFrequency.Weekly, null, "2026-04-08");
        Assert.Equal([new(2026, 3, 31, 19, 0, 0, TimeSpan.Zero), new(2026, 4, 7, 20, 0, 0, TimeSpan.Zero)], april.Skip(april.Count - 2));
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(27, null)]
    [InlineData(null, null)]
    [InlineData(3, "2026-04-01")]
    [InlineData(null, "2026-03-03")] // before the first occurrence (Wednesday 4 March)
    [InlineData(null, "2026-03-05")] // only one occurrence
    [InlineData(null, "2027-03-04")] // more than 26 weekly occurrences
    [InlineData(null, "4 March")]
    [InlineData(null, "2026-02-30")]
    public void CountAndUntil_OutOfRange_AreInvalidSeries(int? count, string? until)
    {
        var error = Assert.Throws<HuddleException>(() =>
            SeriesPlan.Occurrences(new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc, SeriesFrequency.Weekly, count, until));

        Assert.Equal(ErrorCodes.InvalidSeries, error.Code);
    }

    [Theory]
    [InlineData("daily")]
    [InlineData("Weekly")]
    [InlineData(null)]
    public void Frequency_OnlyWeeklyOrFortnightly(string? frequency)
    {
        Assert.Equal(ErrorCodes.InvalidSeries, Assert.Throws<HuddleException>(() => SeriesPlan.ParseFrequency(frequency)).Code);
    }

    [Fact]
    public void Clashes_ListEveryOccurrenceThatCannotBeBooked_WithTheBookingsOwnReason()
    {
        var weekdays = Enumerable.Range(1, 5).Select(d => new WeeklyWindow((DayOfWeek)d, new DayWindow(9 * 60, 17 * 60))).ToList();
        var availability = new CoachAvailability(TimeZoneInfo.Utc, weekdays, [new DateException(new DateOnly(2026, 4, 1), [])]);
        var policy = new CoachingPolicy { BookingHorizon = TimeSpan.FromDays(35) };
        var rules = CoachRules.Default with { MaxSessionsPerDay = 2 };
        var wanted = Enumerable.Range(0, 7).Select(i => Slot(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero).AddDays(7 * i))).ToList();
        TimeInterval[] coachBusy = [Slot(wanted[1].Start.AddMinutes(30)), Slot(wanted[3].Start.AddHours(2)), Slot(wanted[3].Start.AddHours(4))];
        TimeInterval[] clientBusy = [Slot(wanted[2].Start)];

        var clashes = SeriesPlan.Clashes(wanted, availability, rules, policy, Now, coachBusy, clientBusy);

        Assert.Equal(
        [
            (1, ErrorCodes.SlotTaken), (2, ErrorCodes.SlotTaken), (3, ErrorCodes.DailyLimitReached),
            (4, ErrorCodes.OutsideAvailability), (5, ErrorCodes.TooFarAhead), (6, ErrorCodes.TooFarAhead),
        ], clashes.Select(c => (c.Index, c.Code)));
        Assert.Equal(wanted[4].Start, clashes[3].ScheduledAt);
        Assert.Contains("already have a session", clashes[1].Message, StringComparison.Ordinal);
        Assert.Empty(SeriesPlan.Clashes(wanted[..1], availability, rules, policy, Now, coachBusy, clientBusy));
    }

    [Fact]
    public void Clashes_CountTheSeriesOwnOccurrences_ForTheCoachsBuffers()
    {
        var allWeek = Enumerable.Range(0, 7).Select(d => new WeeklyWindow((DayOfWeek)d, new DayWindow(0, 24 * 60))).ToList();
        var availability = new CoachAvailability(TimeZoneInfo.Utc, allWeek, []);
        var rules = CoachRules.Default with { BufferAfterMinutes = 240 };
        // Two occurrences 3 hours apart cannot both keep a 4-hour buffer (only possible as a test of the rule: real series are a week apart).
        TimeInterval[] wanted = [Slot(new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero)), Slot(new(2026, 3, 4, 13, 0, 0, TimeSpan.Zero))];

        var clashes = SeriesPlan.Clashes(wanted, availability, rules, new CoachingPolicy(), Now, [], []);

        Assert.Equal([ErrorCodes.BufferConflict, ErrorCodes.BufferConflict], clashes.Select(c => c.Code));
    }

    private static TimeInterval Slot(DateTimeOffset start) => new(start, start.AddHours(1));
}
