using Huddle.Core.Coaching;

namespace Huddle.Core.Tests.Coaching;

/// <summary>Where a coach's busy calendar may be fetched from, how its address is shown, the coach's own video link, and busy times in the slot list.</summary>
public class BusyCalendarRulesTests
{
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("https://calendar.google.com/calendar/ical/a%40b.c/private-0123abcd/basic.ics")]
    [InlineData("https://outlook.office365.com/owa/calendar/x/y/reachcalendar.ics")]
    public void CalendarUrl_Https_IsAccepted(string url) => Assert.Equal(url, BusyCalendarUrls.Parse(url, false, false).AbsoluteUri);

    [Fact]
    public void CalendarUrl_Webcal_IsReadAsHttps() =>
        Assert.Equal("https://p12-caldav.icloud.com/published/2/token", BusyCalendarUrls.Parse("webcal://p12-caldav.icloud.com/published/2/token", false, false).AbsoluteUri);

    [Theory]
    [InlineData("http://calendar.example.com/cal.ics")] // the token would travel in clear
    [InlineData("https://user:pass@calendar.example.com/cal.ics")]
    [InlineData("ftp://calendar.example.com/cal.ics")]
    [InlineData("https://calendar.example.com/cal.ics#x")]
    [InlineData("https://calendar.example.com/ca l.ics")]
    [InlineData("https://calendar.example.com/caé.ics")]
    [InlineData("cal.ics")]
    [InlineData("")]
    public void CalendarUrl_Bad_IsRefused(string url) =>
        Assert.Equal(ErrorCodes.InvalidCalendarUrl, Assert.Throws<HuddleException>(() => BusyCalendarUrls.Parse(url, false, false)).Code);

    [Theory]
    [InlineData("https://127.0.0.1/cal.ics")]
    [InlineData("https://10.1.2.3/cal.ics")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/cal.ics")]
    public void CalendarUrl_NonPublicLiteral_IsRefused_UnlessAllowed(string url)
    {
        Assert.Equal(ErrorCodes.CalendarTargetRefused, Assert.Throws<HuddleException>(() => BusyCalendarUrls.Parse(url, false, false)).Code);
        Assert.NotNull(BusyCalendarUrls.Parse(url, allowPrivate: true, allowHttp: false));
    }

    [Fact]
    public void CalendarUrl_Http_OnlyWhenAllowed() =>
        Assert.Equal("http://127.0.0.1:5000/cal.ics", BusyCalendarUrls.Parse("http://127.0.0.1:5000/cal.ics", true, allowHttp: true).AbsoluteUri);

    [Fact]
    public void Mask_ShowsTheHostOnly_NeverThePathWhereTheTokenIs()
    {
        var masked = BusyCalendarUrls.Mask("https://calendar.google.com/calendar/ical/a%40b.c/private-0123abcd/basic.ics?x=secret");

        Assert.Equal("https://calendar.google.com/…", masked);
        Assert.Equal("https://cal.example.com:8443/…", BusyCalendarUrls.Mask("https://cal.example.com:8443/secret"));
    }

    [Theory]
    [InlineData("https://zoom.us/j/123456789?pwd=abc")]
    [InlineData("https://meet.google.com/abc-defg-hij")]
    [InlineData("https://video.lan/room")]
    public void MeetingLink_Https_IsKept(string url) => Assert.Equal(url, MeetingLinkRules.Parse(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void MeetingLink_Empty_RemovesIt(string? url) => Assert.Null(MeetingLinkRules.Parse(url));

    [Theory]
    [InlineData("http://zoom.us/j/1")]
    [InlineData("https://me:secret@zoom.us/j/1")]
    [InlineData("javascript:alert(1)")]
    [InlineData("zoom.us/j/1")]
    [InlineData("https://zoom.us/j/1\u0000")]
    [InlineData("https://zoom.us/j/ 1")]
    [InlineData("https://zoom.us/\u202ej/1")]
    public void MeetingLink_Bad_IsRefused(string url) =>
        Assert.Equal(ErrorCodes.InvalidMeetingLink, Assert.Throws<HuddleException>(() => MeetingLinkRules.Parse(url)).Code);

    [Fact]
    public void MeetingLink_TooLong_IsRefused() =>
        Assert.Equal(ErrorCodes.InvalidMeetingLink,
            Assert.Throws<HuddleException>(() => MeetingLinkRules.Parse("https://zoom.us/" + new string('a', MeetingLinkRules.MaxLength))).Code);

    [Fact]
    public void FreeSlots_LeaveOutTimesBusyElsewhere_WithoutCountingThemAsSessions()
    {
        var day = new DateOnly(2026, 3, 4);
        var availability = new CoachAvailability(TimeZoneInfo.Utc, [new WeeklyWindow(DayOfWeek.Wednesday, CoachAvailability.ParseWindow("09:00", "13:00"))], []);
        var at = (int h, int m) => new DateTimeOffset(day.ToDateTime(new TimeOnly(h, m)), TimeSpan.Zero);
        TimeInterval[] elsewhere = [new(at(10, 30), at(10, 45))];
        // One session a day at most: an external event is no session, so the limit does not empty the day.
        var rules = CoachRules.Default with { MaxSessionsPerDay = 1 };

        var slots = SlotFinder.FreeSlots(availability, at(0, 0), at(23, 0), 60, [], LongAgo, rules, elsewhere);

        Assert.Equal([at(9, 0), at(11, 0), at(12, 0)], slots.Select(s => s.Start));
    }
}
