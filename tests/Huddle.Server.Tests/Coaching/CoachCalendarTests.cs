using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>
/// A coach's own video link, and external busy calendars read from a real HTTP stand-in on loopback (so these
/// servers allow private targets and plain http; the SSRF rules have their own class): busy times leave the slot
/// list and refuse a booking, while a feed that is down, too slow, too large or not a calendar blocks nothing and
/// is reported to the coach. The cache runs on the fake clock.
/// </summary>
public sealed class CoachCalendarTests : CoachingTest
{
    private const string Token = "private-0123456789abcdef";

    // Wednesday 4 March 10:00–11:00 UTC; every Thursday 15:00 Paris (14:00Z in winter) from 26 February; a free-time
    // reminder (TRANSPARENT) Wednesday 13:00 and a cancelled event Wednesday 15:00, both of which block nothing.
    private static readonly string Busy = IcsFeedServer.Calendar(
        "DTSTART:20260304T100000Z\nDTEND:20260304T110000Z\nSUMMARY:Dentist",
        "DTSTART;TZID=Europe/Paris:20260226T150000\nDTEND;TZID=Europe/Paris:20260226T160000\nRRULE:FREQ=WEEKLY\nSUMMARY:Weekly sync",
        "DTSTART:20260304T130000Z\nDTEND:20260304T140000Z\nTRANSP:TRANSPARENT\nSUMMARY:Reminder only",
        "DTSTART:20260304T150000Z\nDTEND:20260304T160000Z\nSTATUS:CANCELLED\nSUMMARY:Called off");

    private static readonly DateTimeOffset Thursday14 = new(2026, 3, 5, 14, 0, 0, TimeSpan.Zero);

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => new Dictionary<string, string?>
    {
        ["Huddle:BusyCalendars:AllowPrivateTargets"] = "true",
        ["Huddle:BusyCalendars:AllowHttp"] = "true",
        ["Huddle:BusyCalendars:Timeout"] = "00:00:00.5",
        ["Huddle:BusyCalendars:MaxBytes"] = "4096",
        ["Huddle:BusyCalendars:MaxPerCoach"] = "2",
        ["Huddle:BusyCalendars:CacheDuration"] = "00:10:00",
    };

    [Fact]
    public async Task MeetingLink_TheCoachsOwn_IsTheSessionsLink_InDetailsIcsAndLiveRoom_ElseTheGeneratedRoom()
    {
        var coach = await CoachAsync();
        var other = await CoachAsync();
        var client = await RegisterAsync();
        Assert.Equal(JsonValueKind.Null, (await coach.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/meeting-link")).GetProperty("url").ValueKind);
        foreach (var bad in new[] { "http://zoom.us/j/1", "https://me:pw@zoom.us/j/1", "zoom.us/j/1", "https://zoom.us/j/\u202e1", "https://zoom.us/" + new string('a', 500) })
        {
            await AssertProblemAsync(await coach.Http.PutAsJsonAsync("/api/coaches/me/meeting-link", new { url = bad }), HttpStatusCode.BadRequest, "invalid_meeting_link");
        }

        Assert.Equal(JsonValueKind.Null, (await coach.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/meeting-link")).GetProperty("url").ValueKind);
        const string Zoom = "https://zoom.us/j/123456789?pwd=abc";
        var set = await coach.Http.PutAsJsonAsync("/api/coaches/me/meeting-link", new { url = Zoom });
        Assert.Equal(Zoom, (await set.Content.ReadFromJsonAsync<JsonElement>()).Str("url"));

        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        var otherId = (await BookedAsync(client, other, Wednesday10.AddHours(2))).Str("id");
        Assert.Equal(Zoom, (await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}")).Str("meetingLink"));
        Assert.Equal(Zoom, (await coach.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}")).Str("meetingLink"));
        var generated = (await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{otherId}")).Str("meetingLink");
        Assert.Matches("^https://meet\\.jit\\.si/Huddle-[0-9a-f]{24}$", generated);

        var ics = await client.Http.GetStringAsync($"/api/sessions/{id}/calendar.ics");
        Assert.Contains($"LOCATION:{Zoom}\r\n", ics);
        Assert.Contains("Video: https://zoom.us/j/123456789?pwd=abc", ics.Replace("\r\n ", "", StringComparison.Ordinal));
        Assert.Contains($"LOCATION:{generated}\r\n", await client.Http.GetStringAsync($"/api/sessions/{otherId}/calendar.ics"));

        Time.Advance(Wednesday10.AddMinutes(-5) - Start);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PostAsync($"/api/sessions/{id}/start", null)).StatusCode);
        Assert.Equal(Zoom, (await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/room")).Str("meetingLink"));

        // Removing it brings back the generated room, for sessions already booked too.
        var cleared = await coach.Http.PutAsJsonAsync("/api/coaches/me/meeting-link", new { url = "" });
        Assert.Equal(JsonValueKind.Null, (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").ValueKind);
        Assert.StartsWith("https://meet.jit.si/Huddle-", (await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}")).Str("meetingLink"));
    }

    [Fact]
    public async Task BusyCalendar_BusyTimes_LeaveTheSlotList_AndABookingThereIsRefused_WhileItsAddressStaysSecret()
    {
        await using var feed = await IcsFeedServer.StartAsync();
        feed.Serve($"{Token}/basic.ics", Busy);
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var before = await SlotStartsAsync(client.Http, coach, Start, Start.AddDays(7));
        Assert.Contains(Wednesday10, before);

        var added = await AddAsync(coach, feed.Url($"{Token}/basic.ics"));

        Assert.Equal("ok", added.Str("status"));
        Assert.Equal($"http://127.0.0.1:{feed.Port}/…", added.Str("url"));
        Assert.True(added.GetProperty("busyCount").GetInt32() > 20, added.GetRawText()); // the weekly one, expanded over the horizon
        Assert.Equal(Time.GetUtcNow(), added.GetProperty("lastSuccessAt").GetDateTimeOffset());
        var after = await SlotStartsAsync(client.Http, coach, Start, Start.AddDays(7));
        Assert.Equal(before.Except([Wednesday10, Thursday14]), after);
        Assert.Contains(Wednesday10.AddHours(3), after); // transparent
        Assert.Contains(Wednesday10.AddHours(5), after); // cancelled
        Assert.DoesNotContain(Thursday14.AddDays(7), await SlotStartsAsync(client.Http, coach, Start.AddDays(7), Start.AddDays(14)));

        await AssertProblemAsync(await BookAsync(client, coach, Wednesday10), HttpStatusCode.Conflict, "calendar_busy");
        await AssertProblemAsync(await BookAsync(client, coach, Wednesday10.AddMinutes(30), 30), HttpStatusCode.Conflict, "calendar_busy");
        Assert.Equal(0, (await client.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine")).GetArrayLength());
        var moved = (await BookedAsync(client, coach, Wednesday10.AddHours(3))).Str("id");
        await AssertProblemAsync(await client.Http.PostAsJsonAsync($"/api/sessions/{moved}/reschedule", new { scheduledAt = Thursday14.ToString("O") }),
            HttpStatusCode.Conflict, "calendar_busy");

        // The token is the secret: no answer, listing or slot page carries it, and nobody else sees the calendar.
        var listed = await coach.Http.GetStringAsync("/api/coaches/me/busy-calendars");
        Assert.Contains(added.Str("id"), listed);
        Assert.DoesNotContain(Token, listed + added.GetRawText() + await Anonymous().GetStringAsync($"/api/coaches/{coach.Id}"));
        Assert.Equal(1, feed.Hits($"{Token}/basic.ics")); // cached: the slot lists and bookings above fetched nothing more

        // Removed: its times block nothing any more.
        Assert.Equal(HttpStatusCode.NoContent, (await coach.Http.DeleteAsync($"/api/coaches/me/busy-calendars/{added.Str("id")}")).StatusCode);
        Assert.Contains(Wednesday10, await SlotStartsAsync(client.Http, coach, Start, Start.AddDays(7)));
    }

    [Fact]
    public async Task BusyCalendar_FeedDown_StillOffersEverySlot_ReportsTheError_AndIsReadAgainAfterTheCache()
    {
        await using var feed = await IcsFeedServer.StartAsync();
        feed.Serve("cal.ics", "down for maintenance", status: 503, contentType: "text/plain");
        var coach = await CoachAsync();
        var client = await RegisterAsync();

        var added = await AddAsync(coach, feed.Url("cal.ics"));

        Assert.Equal("failing", added.Str("status"));
        Assert.Equal("HTTP 503", added.Str("lastError"));
        Assert.Equal(JsonValueKind.Null, added.GetProperty("lastSuccessAt").ValueKind);
        Assert.Contains(Wednesday10, await SlotStartsAsync(client.Http, coach, Start, Start.AddDays(7)));

        // The provider is back, but the failed fetch is cached; after the cache duration the feed is read again.
        feed.Serve("cal.ics", Busy);
        Assert.Contains(Wednesday10, await SlotStartsAsync(client.Http, coach, Start, Start.AddDays(7)));
        Time.Advance(TimeSpan.FromMinutes(10));
        Assert.DoesNotContain(Wednesday10, await SlotStartsAsync(client.Http, coach, Start, Start.AddDays(7)));
        var status = (await coach.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/busy-calendars"))[0];
        Assert.Equal("ok", status.Str("status"));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("lastError").ValueKind);
        Assert.Equal(Time.GetUtcNow(), status.GetProperty("lastSuccessAt").GetDateTimeOffset());
        Assert.Equal(2, feed.Hits("cal.ics"));

        // Down again: the times it had are not kept (a stale feed must not block booking either) and booking works.
        feed.Serve("cal.ics", "", status: 500);
        Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Contains(Wednesday10, await SlotStartsAsync(client.Http, coach, Start, Start.AddDays(7)));
        await BookedAsync(client, coach, Wednesday10);
        var failing = (await coach.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/busy-calendars"))[0];
        Assert.Equal("failing", failing.Str("status"));
        Assert.Equal("HTTP 500", failing.Str("lastError"));
        Assert.Equal(Time.GetUtcNow().AddMinutes(-10), failing.GetProperty("lastSuccessAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("slow", "Timed out after 0.5 s.")]
    [InlineData("large", "The feed is larger than 4 KiB.")]
    [InlineData("html", "Not an iCalendar feed (it does not start with BEGIN:VCALENDAR).")]
    [InlineData("broken", "Not a valid iCalendar feed (it could not be read).")]
    [InlineData("missing", "HTTP 404")]
    public async Task BusyCalendar_ThatCannotBeRead_BlocksNothing_AndSaysWhy(string kind, string error)
    {
        await using var feed = await IcsFeedServer.StartAsync();
        switch (kind)
        {
            case "slow": feed.Hang("cal.ics"); break;
            case "large": feed.Serve("cal.ics", IcsFeedServer.Calendar(Enumerable.Repeat("DTSTART:20260304T100000Z\nDTEND:20260304T110000Z\nSUMMARY:Padding", 60).ToArray())); break;
            case "html": feed.Serve("cal.ics", "<!doctype html><title>Sign in</title>", contentType: "text/html"); break;
            case "broken": feed.Serve("cal.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:not-a-date\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\n"); break;
        }

        var coach = await CoachAsync();
        var client = await RegisterAsync();

        var added = await AddAsync(coach, feed.Url("cal.ics"));

        Assert.Equal("failing", added.Str("status"));
        Assert.Equal(error, added.Str("lastError"));
        Assert.Contains(Wednesday10, await SlotStartsAsync(client.Http, coach, Start, Start.AddDays(7)));
        await BookedAsync(client, coach, Wednesday10);
    }

    [Fact]
    public async Task BusyCalendar_BadAddress_TooMany_AndAnotherCoachsCalendar_AreRefused_AndChangeNothing()
    {
        await using var feed = await IcsFeedServer.StartAsync();
        feed.Serve("cal.ics", Busy);
        var coach = await CoachAsync();
        var other = await CoachAsync();
        foreach (var bad in new[] { "ftp://example.com/cal.ics", "https://user:pw@example.com/cal.ics", "cal.ics", "https://example.com/ca l.ics", "" })
        {
            await AssertProblemAsync(await coach.Http.PostAsJsonAsync("/api/coaches/me/busy-calendars", new { url = bad }), HttpStatusCode.BadRequest, "invalid_calendar_url");
        }

        await AssertProblemAsync(await coach.Http.PostAsJsonAsync("/api/coaches/me/busy-calendars", new { url = (string?)null }), HttpStatusCode.BadRequest, "invalid_calendar_url");
        Assert.Equal(0, (await coach.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/busy-calendars")).GetArrayLength());

        await AddAsync(coach, feed.Url("cal.ics"));
        var second = await AddAsync(coach, feed.Url("cal.ics"));
        await AssertProblemAsync(await coach.Http.PostAsJsonAsync("/api/coaches/me/busy-calendars", new { url = feed.Url("cal.ics") }),
            HttpStatusCode.Conflict, "too_many_busy_calendars");
        Assert.Equal(2, (await coach.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/busy-calendars")).GetArrayLength());

        await AssertProblemAsync(await other.Http.DeleteAsync($"/api/coaches/me/busy-calendars/{second.Str("id")}"), HttpStatusCode.NotFound, "busy_calendar_not_found");
        Assert.Equal(0, (await other.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/busy-calendars")).GetArrayLength());
        Assert.Equal(2, (await coach.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/busy-calendars")).GetArrayLength());
        // The other coach's slots were never blocked by this coach's calendar.
        Assert.Contains(Wednesday10, await SlotStartsAsync(other.Http, other, Start, Start.AddDays(7)));
    }

    private static async Task<JsonElement> AddAsync(User coach, string url)
    {
        var response = await coach.Http.PostAsJsonAsync("/api/coaches/me/busy-calendars", new { url });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

/// <summary>The busy-calendar fetcher's SSRF guard with the default settings: only public addresses, checked when it connects.</summary>
public sealed class BusyCalendarTargetTests : CoachingTest
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => new Dictionary<string, string?>
    {
        ["Huddle:BusyCalendars:AllowHttp"] = "true",
    };

    [Fact]
    public async Task LoopbackAndPrivateTargets_AreRefused_AtRegistrationAndAtConnect_AndNothingIsFetched()
    {
        await using var feed = await IcsFeedServer.StartAsync();
        feed.Serve("cal.ics", IcsFeedServer.Calendar("DTSTART:20260304T100000Z\nDTEND:20260304T110000Z"));
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        foreach (var literal in new[] { $"http://127.0.0.1:{feed.Port}/cal.ics", "https://10.0.0.1/cal.ics", "https://169.254.169.254/latest", "https://[::1]/cal.ics" })
        {
            await AssertProblemAsync(await coach.Http.PostAsJsonAsync("/api/coaches/me/busy-calendars", new { url = literal }), HttpStatusCode.BadRequest, "calendar_target_refused");
        }

        // A name that resolves to loopback passes the URL check, and is refused when the fetch connects.
        var response = await coach.Http.PostAsJsonAsync("/api/coaches/me/busy-calendars", new { url = $"http://localhost:{feed.Port}/cal.ics" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var added = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("failing", added.Str("status"));
        Assert.StartsWith("Refused: localhost resolves to", added.Str("lastError"));
        Assert.Equal(0, feed.Hits("cal.ics"));
        Assert.Contains(Wednesday10, await SlotStartsAsync(client.Http, coach, Start, Start.AddDays(7)));
    }
}
