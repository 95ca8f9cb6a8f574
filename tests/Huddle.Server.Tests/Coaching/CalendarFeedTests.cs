using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>Each account's private webcal feed of all its sessions: made, read without signing in, replaced, revoked.</summary>
public sealed class CalendarFeedTests : CoachingTest
{
    [Fact]
    public async Task Feed_ListsAllTheAccountsSessions_ToAnyoneWithItsSecretAddress()
    {
        var coach = await CoachAsync(name: "Grace");
        var client = await RegisterAsync("Ada");
        var other = await RegisterAsync("Bob");
        var first = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        var second = (await BookedAsync(client, coach, Wednesday10.AddHours(2))).Str("id");
        await BookedAsync(other, coach, Wednesday10.AddHours(4)); // the coach's, not the client's
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PostAsJsonAsync($"/api/sessions/{second}/cancel", new { reason = "Clash" })).StatusCode);

        var feed = await (await client.Http.PostAsync("/api/calendar/feed", null)).Content.ReadFromJsonAsync<JsonElement>();
        var url = new Uri(feed.Str("url"));
        Assert.Equal("webcal", new Uri(feed.Str("webcal")).Scheme);
        Assert.Equal(url.PathAndQuery, new Uri(feed.Str("webcal")).PathAndQuery);
        Assert.Matches("^/api/calendar/[A-Za-z0-9_-]{43}\\.ics$", url.AbsolutePath);

        var response = await Anonymous().GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var calendar = Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(new[] { $"{first}@huddle", $"{second}@huddle" }.Order(), calendar.Events.Select(e => e.Uid).Order());
        Assert.Equal(Ical.Net.EventStatus.Cancelled, calendar.Events.Single(e => e.Uid == $"{second}@huddle").Status);
        Assert.Equal(1, calendar.Events.Single(e => e.Uid == $"{second}@huddle").Sequence);

        var coachFeed = await (await coach.Http.PostAsync("/api/calendar/feed", null)).Content.ReadFromJsonAsync<JsonElement>();
        var coachCalendar = Ical.Net.Calendar.Load(await Anonymous().GetStringAsync(new Uri(coachFeed.Str("url")).PathAndQuery))!;
        Assert.Equal(3, coachCalendar.Events.Count);
    }

    [Fact]
    public async Task Feed_ReplacedOrRevoked_StopsWorking_AndGuessesAreNotFound()
    {
        var client = await RegisterAsync();
        var old = new Uri((await (await client.Http.PostAsync("/api/calendar/feed", null)).Content.ReadFromJsonAsync<JsonElement>()).Str("url")).PathAndQuery;
        var current = new Uri((await (await client.Http.PostAsync("/api/calendar/feed", null)).Content.ReadFromJsonAsync<JsonElement>()).Str("url")).PathAndQuery;
        Assert.NotEqual(old, current);
        await AssertProblemAsync(await Anonymous().GetAsync(old), HttpStatusCode.NotFound, "calendar_feed_not_found");
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync(current)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.Http.DeleteAsync("/api/calendar/feed")).StatusCode);
        await AssertProblemAsync(await Anonymous().GetAsync(current), HttpStatusCode.NotFound, "calendar_feed_not_found");
        await AssertProblemAsync(await Anonymous().GetAsync("/api/calendar/short.ics"), HttpStatusCode.NotFound, "calendar_feed_not_found");
        await AssertProblemAsync(await Anonymous().GetAsync($"/api/calendar/{new string('A', 43)}.ics"), HttpStatusCode.NotFound, "calendar_feed_not_found");
        await AssertProblemAsync(await Anonymous().PostAsync("/api/calendar/feed", null), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await Anonymous().DeleteAsync("/api/calendar/feed"), HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
