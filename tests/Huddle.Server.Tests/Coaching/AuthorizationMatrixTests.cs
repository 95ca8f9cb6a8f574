using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>
/// Every coaching session route × every kind of caller: anonymous (401), a client or coach who is
/// not a party (404: ids reveal nothing), the session's client, its coach and an admin (allowed).
/// </summary>
public class AuthorizationMatrixTests : CoachingTest
{
    public static TheoryData<string> SessionRoutes => ["get", "audit", "cancellation", "calendar", "start", "complete", "cancel"];

    [Theory]
    [MemberData(nameof(SessionRoutes))]
    public async Task SessionRoute_OnlyThePartiesAndAdminsMayUseIt(string route)
    {
        var coach = await CoachAsync(name: "Owner coach");
        var otherCoach = await CoachAsync(name: "Other coach");
        var client = await RegisterAsync("Owner client");
        var otherClient = await RegisterAsync("Other client");
        await BookedAsync(otherClient, otherCoach, Wednesday10);

        // Refused callers, each against a fresh scheduled session; nothing may change.
        var refusedSession = (await BookedAsync(client, coach, Wednesday10.AddDays(1))).Str("id");
        await AssertProblemAsync(await SendAsync(Anonymous(), route, refusedSession), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await SendAsync(otherClient.Http, route, refusedSession), HttpStatusCode.NotFound, "coaching_session_not_found");
        await AssertProblemAsync(await SendAsync(otherCoach.Http, route, refusedSession), HttpStatusCode.NotFound, "coaching_session_not_found");
        await AssertProblemAsync(await SendAsync(Admin.Http, route, Guid.NewGuid().ToString()), HttpStatusCode.NotFound, "coaching_session_not_found");
        var unchanged = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{refusedSession}");
        Assert.Equal("scheduled", unchanged.Str("status"));
        Assert.Equal(1, unchanged.GetProperty("version").GetInt32());

        // Allowed callers: the client, the coach and an admin, each on its own session at 10:00, 11:00 and 12:00.
        var callers = new[] { client, coach, Admin };
        var ids = new List<string>();
        for (var i = 0; i < callers.Length; i++) ids.Add((await BookedAsync(client, coach, Wednesday10.AddHours(i))).Str("id"));
        for (var i = 0; i < callers.Length; i++)
        {
            var at = Wednesday10.AddHours(i);
            if (route is "start" or "complete")
            {
                Time.Advance(at - TimeSpan.FromMinutes(5) - Time.GetUtcNow());
                if (route == "complete") Assert.Equal(HttpStatusCode.OK, (await coach.Http.PostAsync($"/api/sessions/{ids[i]}/start", null)).StatusCode);
            }

            var response = await SendAsync(callers[i].Http, route, ids[i], asClient: callers[i] == client);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route} by caller {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Mine_ListsOnlyTheCallersOwnSessions()
    {
        var coach = await CoachAsync();
        var a = await RegisterAsync();
        var b = await RegisterAsync();
        var aSession = (await BookedAsync(a, coach, Wednesday10)).Str("id");
        var bSession = (await BookedAsync(b, coach, Wednesday10.AddHours(1))).Str("id");

        Assert.Equal([aSession], await IdsAsync(a.Http));
        Assert.Equal([bSession], await IdsAsync(b.Http));
        Assert.Equal([bSession, aSession], await IdsAsync(coach.Http));
        Assert.Empty(await IdsAsync(Admin.Http));
        await AssertProblemAsync(await Anonymous().GetAsync("/api/sessions/mine"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Book_NeedsAnAccount_AndNobodyBooksThemselves()
    {
        var coach = await CoachAsync();

        await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/sessions/book",
            new { title = "x", scheduledAt = Wednesday10.ToString("O"), durationMinutes = 60, coachId = coach.Id }), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await BookAsync(coach, coach, Wednesday10), HttpStatusCode.BadRequest, "cannot_book_self");
        Assert.Equal(HttpStatusCode.Created, (await BookAsync(Admin, coach, Wednesday10)).StatusCode);
    }

    [Fact]
    public async Task EditAvailability_OnlyCoaches()
    {
        var client = await RegisterAsync();
        var body = new { timeZone = "UTC", windows = Array.Empty<object>() };

        await AssertProblemAsync(await Anonymous().PutAsJsonAsync("/api/coaches/me/availability", body), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await client.Http.PutAsJsonAsync("/api/coaches/me/availability", body), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await Admin.Http.PutAsJsonAsync("/api/coaches/me/availability", body), HttpStatusCode.Forbidden, "not_allowed");
        Assert.Equal(HttpStatusCode.OK, (await (await CoachAsync()).Http.PutAsJsonAsync("/api/coaches/me/availability", body)).StatusCode);
    }

    [Fact]
    public async Task Directory_AndAvailability_ArePublic()
    {
        var coach = await CoachAsync();

        Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync("/api/coaches")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync($"/api/coaches/{coach.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync($"/api/coaches/{coach.Id}/availability")).StatusCode);
    }

    private static async Task<List<string>> IdsAsync(HttpClient http) =>
        [.. (await http.GetFromJsonAsync<JsonElement>("/api/sessions/mine")).EnumerateArray().Select(s => s.Str("id"))];

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string route, string id, bool asClient = false) => route switch
    {
        "get" => http.GetAsync($"/api/sessions/{id}"),
        "audit" => http.GetAsync($"/api/sessions/{id}/audit"),
        "cancellation" => http.GetAsync($"/api/sessions/{id}/cancellation"),
        "calendar" => http.GetAsync($"/api/sessions/{id}/calendar.ics"),
        "start" => http.PostAsync($"/api/sessions/{id}/start", null),
        "complete" => http.PostAsJsonAsync($"/api/sessions/{id}/complete", asClient ? new { rating = 4 } as object : new { notes = "Notes" }),
        "cancel" => http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "Cannot make it" }),
        _ => throw new ArgumentOutOfRangeException(nameof(route)),
    };
}
