using Huddle.Core.Coaching;

namespace Huddle.Core.Tests.Coaching;

/// <summary>Date overrides ("Dec 24: off", "Jan 3: 14:00–18:00") in the coach's zone, at daylight-saving edges, and their validation.</summary>
public class DateOverrideTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CoachAvailability Doc(string zone, params ExceptionDocument[] overrides) =>
        new AvailabilityDocument(zone, [.. Enumerable.Range(1, 5).Select(d => new WindowDocument(d, "09:00", "12:00"))], [.. overrides]).ToDomain();

    private static ExceptionDocument Override(string date, params (string Start, string End)[] windows) =>
        new(date, [.. windows.Select(w => new SpanDocument(w.Start, w.End))]);

    private static List<DateTimeOffset> Starts(CoachAvailability a, DateTimeOffset from, int days, int minutes = 60) =>
        [.. SlotFinder.FreeSlots(a, from, from.AddDays(days), minutes, [], LongAgo).Select(s => s.Start)];

    [Fact]
    public void Override_OnTheSpringForwardSunday_CountsOnlyTheHoursThatExist()
    {
        // Sunday 2026-03-08: 01:00 EST is 06:00Z, the clocks jump 02:00 → 03:00, 04:00 EDT is 08:00Z: two hours, not three.
        var a = Doc("America/New_York", Override("2026-03-08", ("01:00", "04:00")));

        Assert.Equal(
            [new DateTimeOffset(2026, 3, 8, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero)],
            Starts(a, new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.Zero), 1));
    }

    [Fact]
    public void Override_OnTheFallBackSunday_CountsTheRepeatedHour()
    {
        // Sunday 2026-11-01: 00:00 EDT is 04:00Z, 01:00 happens twice, 03:00 EST is 08:00Z: four hours.
        var a = Doc("America/New_York", Override("2026-11-01", ("00:00", "03:00")));

        var starts = Starts(a, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), 1);

        Assert.Equal(Enumerable.Range(4, 4).Select(h => new DateTimeOffset(2026, 11, 1, h, 0, 0, TimeSpan.Zero)), starts);
    }

    [Fact]
    public void Override_Off_RemovesTheWeeklyHours_AndOtherHoursReplaceThem_OnlyOnThatDate()
    {
        // Thursday Dec 24 off; Friday Dec 25 14:00–16:00 instead of 09:00–12:00 (New York, EST = UTC-5).
        var a = Doc("America/New_York", Override("2026-12-24"), Override("2026-12-25", ("14:00", "16:00")));

        var starts = Starts(a, new DateTimeOffset(2026, 12, 23, 0, 0, 0, TimeSpan.Zero), 7);

        Assert.DoesNotContain(starts, s => s.Day == 24);
        Assert.Equal([new DateTimeOffset(2026, 12, 25, 19, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 25, 20, 0, 0, TimeSpan.Zero)],
            starts.Where(s => s.Day == 25));
        Assert.Equal(3, starts.Count(s => s.Day == 23)); // the weekly hours elsewhere
        Assert.Equal(3, starts.Count(s => s.Day == 28));
    }

    [Fact]
    public void Override_IsTheCoachsLocalDate_NotTheUtcDate()
    {
        // Tokyo is UTC+9: Saturday Jan 2 2027 10:00–11:00 local is 01:00Z the same date; 00:00–01:00 local is the UTC day before.
        var a = Doc("Asia/Tokyo", Override("2027-01-02", ("00:00", "01:00"), ("10:00", "11:00")));

        Assert.Equal(
            [new DateTimeOffset(2027, 1, 1, 15, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 2, 1, 0, 0, TimeSpan.Zero)],
            Starts(a, new DateTimeOffset(2027, 1, 1, 12, 0, 0, TimeSpan.Zero), 1));
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("26-12-24")]
    [InlineData("2026-12-24T00:00")]
    [InlineData("")]
    public void Override_WithABadDate_IsRefused(string date) =>
        Assert.Equal(ErrorCodes.InvalidWindow, Assert.Throws<HuddleException>(() => Doc("UTC", Override(date))).Code);

    [Fact]
    public void Overrides_Overlapping_Twice_OrTooMany_AreRefused()
    {
        Assert.Equal(ErrorCodes.InvalidWindow,
            Assert.Throws<HuddleException>(() => Doc("UTC", Override("2026-12-24", ("09:00", "11:00"), ("10:00", "12:00")))).Code);
        Assert.Equal(ErrorCodes.InvalidWindow,
            Assert.Throws<HuddleException>(() => Doc("UTC", Override("2026-12-24"), Override("2026-12-24", ("09:00", "10:00")))).Code);
        Assert.Equal(ErrorCodes.InvalidWindow,
            Assert.Throws<HuddleException>(() => Doc("UTC", Override("2026-12-24", ("18:00", "17:00")))).Code);
        var eleven = Enumerable.Range(0, 11).Select(h => ($"{h:00}:00", $"{h:00}:30")).ToArray();
        Assert.Equal(ErrorCodes.InvalidInput, Assert.Throws<HuddleException>(() => Doc("UTC", Override("2026-12-24", eleven))).Code);
        var tooMany = Enumerable.Range(0, CoachAvailability.MaxExceptions + 1)
            .Select(d => Override(new DateOnly(2027, 1, 1).AddDays(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(ErrorCodes.InvalidInput, Assert.Throws<HuddleException>(() => Doc("UTC", tooMany)).Code);
    }
}
