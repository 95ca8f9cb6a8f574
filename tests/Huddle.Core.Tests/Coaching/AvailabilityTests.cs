using Huddle.Core.Coaching;

namespace Huddle.Core.Tests.Coaching;

public class AvailabilityTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CoachAvailability Weekdays(TimeZoneInfo zone, string start, string end, params DateException[] exceptions) =>
        new(zone, [.. Enum.GetValues<DayOfWeek>().Where(d => d is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .Select(d => new WeeklyWindow(d, CoachAvailability.ParseWindow(start, end)))], exceptions);

    [Fact]
    public void FreeSlots_AcrossSpringForward_StayAtNineLocal()
    {
        var availability = Weekdays(NewYork, "09:00", "12:00");

        // Friday 2026-03-06 (EST, UTC-5) and Monday 2026-03-09 (EDT, UTC-4); DST began Sunday 2026-03-08.
        var slots = SlotFinder.FreeSlots(availability,
            new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero), 60, [], LongAgo);

        Assert.Equal(
            [
                new DateTimeOffset(2026, 3, 6, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 6, 15, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 6, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 9, 13, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 9, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 9, 15, 0, 0, TimeSpan.Zero),
            ],
            slots.Select(s => s.Start));
    }

    [Fact]
    public void FreeSlots_AcrossFallBack_StayAtNineLocal()
    {
        var availability = Weekdays(NewYork, "09:00", "12:00");

        // Friday 2026-10-30 (EDT) and Monday 2026-11-02 (EST); DST ended Sunday 2026-11-01.
        var slots = SlotFinder.FreeSlots(availability,
            new DateTimeOffset(2026, 10, 30, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero), 180, [], LongAgo);

        Assert.Equal(
            [new DateTimeOffset(2026, 10, 30, 13, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero)],
            slots.Select(s => s.Start));
    }

    [Fact]
    public void Expand_WindowInsideTheSpringForwardGap_StartsWhenTheClockJumps()
    {
        var sunday = new CoachAvailability(NewYork, [new WeeklyWindow(DayOfWeek.Sunday, CoachAvailability.ParseWindow("02:00", "04:00"))], []);

        var windows = sunday.Expand(new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 9, 0, 0, 0, TimeSpan.Zero));

        // 02:00–03:00 does not exist that night: the window is 03:00 EDT (07:00Z) to 04:00 EDT (08:00Z).
        var window = Assert.Single(windows);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), window.Start);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 8, 0, 0, TimeSpan.Zero), window.End);
    }

    [Fact]
    public void FreeSlots_SkipsBusyIntervalsAndThePast()
    {
        var availability = Weekdays(TimeZoneInfo.Utc, "09:00", "12:00");
        var monday = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var busy = new[] { new TimeInterval(monday.AddHours(10).AddMinutes(30), monday.AddHours(11)) };

        var slots = SlotFinder.FreeSlots(availability, monday, monday.AddDays(1), 30, busy, monday.AddHours(9));

        Assert.Equal(["09:30", "10:00", "11:00", "11:30"], slots.Select(s => s.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void DateException_ReplacesTheWeeklyWindows()
    {
        var monday = new DateOnly(2026, 6, 1);
        var availability = Weekdays(TimeZoneInfo.Utc, "09:00", "12:00",
            new DateException(monday, [CoachAvailability.ParseWindow("15:00", "16:00")]),
            new DateException(monday.AddDays(1), []));

        var slots = SlotFinder.FreeSlots(availability, new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 6, 3, 0, 0, 0, TimeSpan.Zero), 60, [], LongAgo);

        Assert.Equal([new DateTimeOffset(2026, 6, 1, 15, 0, 0, TimeSpan.Zero)], slots.Select(s => s.Start));
    }

    [Theory]
    [InlineData("9:00", "10:00")]
    [InlineData("10:00", "09:00")]
    [InlineData("10:00", "10:00")]
    [InlineData("24:00", "24:00")]
    [InlineData("10:60", "11:00")]
    [InlineData("aa:bb", "11:00")]
    public void ParseWindow_Bad_IsRefused(string start, string end) =>
        Assert.Equal("invalid_window", Assert.Throws<HuddleException>(() => CoachAvailability.ParseWindow(start, end)).Code);

    [Fact]
    public void ParseWindow_MidnightEnd_IsAccepted() =>
        Assert.Equal(1440, CoachAvailability.ParseWindow("22:00", "24:00").EndMinute);

    [Fact]
    public void EnsureDisjoint_Overlapping_IsRefused() =>
        Assert.Throws<HuddleException>(() => CoachAvailability.EnsureDisjoint(
            [CoachAvailability.ParseWindow("09:00", "11:00"), CoachAvailability.ParseWindow("10:00", "12:00")], "Monday"));

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("")]
    [InlineData("EST")]
    public void ParseTimeZone_Unknown_IsRefused(string id) =>
        Assert.Equal("invalid_time_zone", Assert.Throws<HuddleException>(() => CoachAvailability.ParseTimeZone(id)).Code);

    [Fact]
    public void ParseScheduledAt_WithoutOffset_IsTheCoachsWallClock()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 13, 0, 0, TimeSpan.Zero), BookingRules.ParseScheduledAt("2026-03-09T09:00:00", NewYork));
        Assert.Equal(new DateTimeOffset(2026, 3, 6, 14, 0, 0, TimeSpan.Zero), BookingRules.ParseScheduledAt("2026-03-06T09:00", NewYork));
    }

    [Fact]
    public void ParseScheduledAt_WithZOrOffset_IsAbsolute()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.Zero), BookingRules.ParseScheduledAt("2026-03-09T09:00:00Z", NewYork));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 7, 0, 0, TimeSpan.Zero), BookingRules.ParseScheduledAt("2026-03-09T09:00:00+02:00", NewYork));
    }

    // The basic offset forms used to be read in the server's own zone and then again in the coach's;
    // run these with TZ set to a non-UTC zone too (docs/coaching.md, "Booking").
    [Theory]
    [InlineData("2026-03-09T09:00:00+0100", "2026-03-09T08:00:00Z")]
    [InlineData("2026-03-09T09:00:00+01", "2026-03-09T08:00:00Z")]
    [InlineData("2026-03-09T09:00:00-0530", "2026-03-09T14:30:00Z")]
    [InlineData("2026-03-09T09:00-05:30", "2026-03-09T14:30:00Z")]
    [InlineData("2026-03-09T09:00:00.5+14:00", "2026-03-08T19:00:00.5Z")]
    [InlineData("2026-03-09t09:00:00.250z", "2026-03-09T09:00:00.25Z")]
    [InlineData("2026-03-09T09:00:00.1234567+00:00", "2026-03-09T09:00:00.1234567Z")]
    public void ParseScheduledAt_EveryOffsetForm_IsTheSameInstantWhateverTheServersZone(string value, string expected)
    {
        var instant = BookingRules.ParseScheduledAt(value, NewYork);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), instant);
        Assert.Equal(TimeSpan.Zero, instant.Offset);
    }

    [Fact]
    public void ParseScheduledAt_WithoutOffset_DoesNotDependOnTheServersZone()
    {
        // Wall-clock time in a zone far from any likely server zone, on both sides of its DST change.
        var sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");

        // Sydney leaves daylight saving (UTC+11 → UTC+10) on Sunday 2026-04-05.
        Assert.Equal(new DateTimeOffset(2026, 4, 3, 22, 0, 0, TimeSpan.Zero), BookingRules.ParseScheduledAt("2026-04-04T09:00:00", sydney));
        Assert.Equal(new DateTimeOffset(2026, 4, 5, 23, 0, 0, TimeSpan.Zero), BookingRules.ParseScheduledAt("2026-04-06T09:00:00", sydney));
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("2026-03-09")]
    [InlineData("2026-03-08T02:30:00")]
    [InlineData("")]
    [InlineData("2026-03-09T09:00:00+1500")]
    [InlineData("2026-03-09T09:00:00+01:60")]
    [InlineData("2026-03-09T09:00:00+1")]
    [InlineData("2026-03-09T09:00:00+01:0")]
    [InlineData("2026-02-30T09:00:00Z")]
    [InlineData("2026-03-09T24:00:00Z")]
    [InlineData("2026-03-09 09:00:00Z")]
    [InlineData("20260309T090000Z")]
    [InlineData("2026-03-09T09:00:00 +01:00")]
    [InlineData("2026-03-09T09:00:00EST")]
    public void ParseScheduledAt_Bad_IsRefused(string value) =>
        Assert.Equal("invalid_scheduled_at", Assert.Throws<HuddleException>(() => BookingRules.ParseScheduledAt(value, NewYork)).Code);

    [Fact]
    public void EnsureBookable_InsideAWindow_Passes_AndStraddlingOneIsRefused()
    {
        var availability = Weekdays(TimeZoneInfo.Utc, "09:00", "12:00");
        var monday9 = new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
        var now = monday9.AddDays(-1);

        BookingRules.EnsureBookable(availability, new(monday9.AddMinutes(20), monday9.AddMinutes(95)), now, new());
        Assert.Equal("outside_availability", Assert.Throws<HuddleException>(() =>
            BookingRules.EnsureBookable(availability, new(monday9.AddHours(2.5), monday9.AddHours(3.5)), now, new())).Code);
        Assert.Equal("not_in_future", Assert.Throws<HuddleException>(() =>
            BookingRules.EnsureBookable(availability, new(monday9, monday9.AddHours(1)), monday9, new())).Code);
    }

    [Theory]
    [InlineData(14)]
    [InlineData(241)]
    public void Duration_OutOfRange_IsRefused(int minutes) =>
        Assert.Equal("invalid_duration", Assert.Throws<HuddleException>(() => BookingRules.EnsureDuration(minutes)).Code);
}
