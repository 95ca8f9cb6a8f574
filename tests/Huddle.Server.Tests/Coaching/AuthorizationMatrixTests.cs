using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>"This and the rest of the series" × every kind of caller: strangers learn nothing and change nothing.</summary>
    [Fact]
    public async Task CancelSeries_OnlyThePartiesAndAdminsMayUseIt()
    {
        var coach = await CoachAsync(name: "Owner coach");
        var otherCoach = await CoachAsync(name: "Other coach");
        var client = await RegisterAsync("Owner client");
        var otherClient = await RegisterAsync("Other client");
        var series = await SeriesApiTests.SeriesIdsAsync(client, coach, count: 2);
        var body = new { reason = "Cannot make it" };

        await AssertProblemAsync(await Anonymous().PostAsJsonAsync($"/api/sessions/{series[0]}/cancel-series", body), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await otherClient.Http.PostAsJsonAsync($"/api/sessions/{series[0]}/cancel-series", body), HttpStatusCode.NotFound, "coaching_session_not_found");
        await AssertProblemAsync(await otherCoach.Http.PostAsJsonAsync($"/api/sessions/{series[0]}/cancel-series", body), HttpStatusCode.NotFound, "coaching_session_not_found");
        await AssertProblemAsync(await Admin.Http.PostAsJsonAsync($"/api/sessions/{Guid.NewGuid()}/cancel-series", body), HttpStatusCode.NotFound, "coaching_session_not_found");
        Assert.All(await Task.WhenAll(series.Select(id => client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}"))),
            s => Assert.Equal(("scheduled", 1), (s.Str("status"), s.GetProperty("version").GetInt32())));

        // Allowed: the client, the coach and an admin, each on the second occurrence of their own fresh series.
        foreach (var (caller, weeks) in new[] { (client, 2), (coach, 4), (Admin, 6) })
        {
            var ids = await SeriesApiTests.SeriesIdsAsync(client, coach, count: 2, weeksLater: weeks);
            var response = await caller.Http.PostAsJsonAsync($"/api/sessions/{ids[1]}/cancel-series", body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("scheduled", (await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{ids[0]}")).Str("status"));
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
        // "mine" is an admin's own sessions too; the listing of all is GET /api/admin/coaching-sessions.
        Assert.Empty(await IdsAsync(Admin.Http));
        await AssertProblemAsync(await Anonymous().GetAsync("/api/sessions/mine"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    public static TheoryData<string, string, int> AccountRoutes => new()
    {
        { "book", "anonymous", 401 }, { "book", "client", 201 }, { "book", "coach", 201 }, { "book", "admin", 201 },
        { "book-series", "anonymous", 401 }, { "book-series", "client", 201 }, { "book-series", "coach", 201 }, { "book-series", "admin", 201 },
        { "mine", "anonymous", 401 }, { "mine", "client", 200 }, { "mine", "coach", 200 }, { "mine", "admin", 200 },
        { "my-availability", "anonymous", 401 }, { "my-availability", "client", 403 }, { "my-availability", "coach", 200 }, { "my-availability", "admin", 403 },
        { "set-availability", "anonymous", 401 }, { "set-availability", "client", 403 }, { "set-availability", "coach", 200 }, { "set-availability", "admin", 403 },
        { "grant-role", "anonymous", 401 }, { "grant-role", "client", 403 }, { "grant-role", "coach", 403 }, { "grant-role", "admin", 200 },
        { "all-sessions", "anonymous", 401 }, { "all-sessions", "client", 403 }, { "all-sessions", "coach", 403 }, { "all-sessions", "admin", 200 },
        { "change-password", "anonymous", 401 }, { "change-password", "client", 200 }, { "change-password", "coach", 200 }, { "change-password", "admin", 200 },
        { "logout-all", "anonymous", 401 }, { "logout-all", "client", 204 }, { "logout-all", "coach", 204 }, { "logout-all", "admin", 204 },
        { "add-webhook", "anonymous", 401 }, { "add-webhook", "client", 403 }, { "add-webhook", "coach", 201 }, { "add-webhook", "admin", 403 },
        { "admin-add-webhook", "anonymous", 401 }, { "admin-add-webhook", "client", 403 }, { "admin-add-webhook", "coach", 403 }, { "admin-add-webhook", "admin", 201 },
        { "meeting-link", "anonymous", 401 }, { "meeting-link", "client", 403 }, { "meeting-link", "coach", 200 }, { "meeting-link", "admin", 403 },
        { "set-meeting-link", "anonymous", 401 }, { "set-meeting-link", "client", 403 }, { "set-meeting-link", "coach", 200 }, { "set-meeting-link", "admin", 403 },
        { "busy-calendars", "anonymous", 401 }, { "busy-calendars", "client", 403 }, { "busy-calendars", "coach", 200 }, { "busy-calendars", "admin", 403 },
        // A coach passes the policy and reaches the address rules (a loopback literal is refused without any fetch).
        { "add-busy-calendar", "anonymous", 401 }, { "add-busy-calendar", "client", 403 }, { "add-busy-calendar", "coach", 400 }, { "add-busy-calendar", "admin", 403 },
        { "delete-busy-calendar", "anonymous", 401 }, { "delete-busy-calendar", "client", 403 }, { "delete-busy-calendar", "coach", 404 }, { "delete-busy-calendar", "admin", 403 },
    };

    /// <summary>
    /// The account routes × anonymous / a client / a coach (who is a client too, as every account
    /// is) / an admin. A refusal is 401 unauthenticated or 403 not_allowed and changes nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(AccountRoutes))]
    public async Task AccountRoute_EachRoleGetsItsAnswer_AndARefusalChangesNothing(string route, string role, int expected)
    {
        var owner = await CoachAsync(name: "Owner coach");
        var target = await RegisterAsync("Target");
        var caller = role switch
        {
            "anonymous" => null,
            "client" => await RegisterAsync("Caller"),
            "coach" => await CoachAsync(name: "Caller coach"),
            "admin" => Admin,
            _ => throw new ArgumentOutOfRangeException(nameof(role)),
        };
        var http = caller?.Http ?? Anonymous();
        var weekly = new[] { new { dayOfWeek = 2, start = "08:00", end = "09:00" } };

        var response = route switch
        {
            "book" => await http.PostAsJsonAsync("/api/sessions/book",
                new { title = "Matrix", scheduledAt = Wednesday10.ToString("O"), durationMinutes = 60, coachId = owner.Id }),
            "book-series" => await http.PostAsJsonAsync("/api/sessions/book-series",
                new { title = "Matrix", scheduledAt = Wednesday10.ToString("O"), durationMinutes = 60, coachId = owner.Id, frequency = "weekly", count = 2 }),
            "mine" => await http.GetAsync("/api/sessions/mine"),
            "my-availability" => await http.GetAsync("/api/coaches/me/availability"),
            "set-availability" => await http.PutAsJsonAsync("/api/coaches/me/availability", new { timeZone = "Europe/Paris", windows = weekly }),
            "grant-role" => await http.PostAsJsonAsync($"/api/admin/users/{target.Id}/roles", new { role = "coach" }),
            "all-sessions" => await http.GetAsync("/api/admin/coaching-sessions"),
            "change-password" => await http.PostAsJsonAsync("/api/auth/password",
                new { currentPassword = role == "admin" ? AdminPassword : Password, newPassword = "matrix passphrase 2026" }),
            "logout-all" => await http.PostAsync("/api/auth/logout-all", null),
            "add-webhook" => await http.PostAsJsonAsync("/api/coaches/me/webhooks", new { url = "https://203.0.113.9/hook", events = new[] { "booked" } }),
            "admin-add-webhook" => await http.PostAsJsonAsync("/api/admin/webhooks", new { url = "https://203.0.113.9/hook", events = new[] { "booked" } }),
            "meeting-link" => await http.GetAsync("/api/coaches/me/meeting-link"),
            "set-meeting-link" => await http.PutAsJsonAsync("/api/coaches/me/meeting-link", new { url = "https://zoom.us/j/1" }),
            "busy-calendars" => await http.GetAsync("/api/coaches/me/busy-calendars"),
            "add-busy-calendar" => await http.PostAsJsonAsync("/api/coaches/me/busy-calendars", new { url = "https://127.0.0.1/cal.ics" }),
            "delete-busy-calendar" => await http.DeleteAsync($"/api/coaches/me/busy-calendars/{Guid.NewGuid()}"),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };

        if (expected is 401 or 403)
            await AssertProblemAsync(response, (HttpStatusCode)expected, expected == 401 ? "unauthenticated" : "not_allowed");
        else
            Assert.True((int)response.StatusCode == expected, $"{route} as {role}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var refused = expected is 401 or 403;
        switch (route)
        {
            case "book":
                Assert.Equal(refused ? 0 : 1, (await IdsAsync(owner.Http)).Count);
                break;
            case "book-series":
                Assert.Equal(refused ? 0 : 2, (await IdsAsync(owner.Http)).Count);
                break;
            case "set-availability" when caller is not null:
                var profile = await Anonymous().GetAsync($"/api/coaches/{caller.Id}");
                if (refused) await AssertProblemAsync(profile, HttpStatusCode.NotFound, "coach_not_found");
                else Assert.Equal("Europe/Paris", (await profile.Content.ReadFromJsonAsync<JsonElement>()).Str("timeZone"));
                break;
            case "change-password" or "logout-all" when caller is not null:
                // Allowed for every account: its own earlier tokens stop working at once.
                await AssertProblemAsync(await caller.Http.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized, "unauthenticated");
                break;
            case "add-webhook" or "admin-add-webhook":
                Assert.Equal(refused ? 0 : 1, (await Admin.Http.GetFromJsonAsync<JsonElement>("/api/admin/webhooks")).GetArrayLength());
                break;
            case "set-meeting-link" when caller is not null:
                // Only a coach's own link is set; a refused caller has none.
                var link = await owner.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/meeting-link");
                Assert.Equal(JsonValueKind.Null, link.GetProperty("url").ValueKind);
                if (!refused) Assert.Equal("https://zoom.us/j/1", (await caller.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/meeting-link")).Str("url"));
                break;
            case "grant-role":
                var roles = (await target.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("roles").EnumerateArray().Select(r => r.GetString());
                Assert.Equal(refused ? ["client"] : ["client", "coach"], roles);
                break;
        }
    }

    [Fact]
    public async Task AdminListing_ShowsEverySession_WhileMineStaysTheAdminsOwn()
    {
        var coach = await CoachAsync();
        var otherCoach = await CoachAsync();
        var a = await RegisterAsync();
        var b = await RegisterAsync();
        var aSession = (await BookedAsync(a, coach, Wednesday10)).Str("id");
        var bSession = (await BookedAsync(b, otherCoach, Wednesday10.AddHours(2))).Str("id");
        var adminsOwn = (await BookedAsync(Admin, coach, Wednesday10.AddHours(4))).Str("id");

        var all = await Admin.Http.GetFromJsonAsync<JsonElement>("/api/admin/coaching-sessions");

        Assert.Equal([adminsOwn, bSession, aSession], all.EnumerateArray().Select(s => s.Str("id")));
        Assert.Equal("Coach", all[1].GetProperty("coach").Str("name"));
        Assert.Equal([adminsOwn], await IdsAsync(Admin.Http));
        // Acting on all: an admin may cancel a session that is not theirs (policy and ownership both agree).
        Assert.Equal(HttpStatusCode.OK, (await Admin.Http.PostAsJsonAsync($"/api/sessions/{aSession}/cancel", new { reason = "Coach unavailable" })).StatusCode);
    }

    [Fact]
    public void EveryAccountRoute_DeclaresAPolicy_OrIsExplicitlyAnonymous()
    {
        string[] prefixes = ["/api/auth/", "/api/coaches", "/api/sessions/book", "/api/sessions/mine", "/api/sessions/{id:guid}", "/api/admin/users", "/api/admin/coaching-sessions", "/api/admin/mail", "/api/calendar", "/api/admin/webhooks", "/api/classrooms"];
        var endpoints = Server.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && prefixes.Any(p => raw.StartsWith(p, StringComparison.Ordinal)))
            .Select(e => (
                Name: $"{string.Join(',', e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])} {e.RoutePattern.RawText!.TrimEnd('/')}",
                Anonymous: e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                Policies: e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Where(p => !string.IsNullOrEmpty(p)).ToList()))
            .ToList();

        var undeclared = endpoints.Where(e => !e.Anonymous && e.Policies.Count == 0).Select(e => e.Name).ToList();
        var both = endpoints.Where(e => e.Anonymous && e.Policies.Count > 0).Select(e => e.Name).ToList();

        Assert.True(undeclared.Count == 0, $"Routes without a policy: {string.Join(", ", undeclared)}");
        Assert.True(both.Count == 0, $"Routes both anonymous and with a policy: {string.Join(", ", both)}");
        Assert.Equal(
            ["GET /api/calendar/{secret}.ics", "GET /api/coaches", "GET /api/coaches/{id:guid}", "GET /api/coaches/{id:guid}/availability", "POST /api/auth/login", "POST /api/auth/register"],
            endpoints.Where(e => e.Anonymous).Select(e => e.Name).Order(StringComparer.Ordinal));
        // The filter found the routes it is meant to check (a renamed prefix would otherwise pass vacuously).
        Assert.True(endpoints.Count >= 21, $"Only {endpoints.Count} routes matched: {string.Join(", ", endpoints.Select(e => e.Name))}");
        Assert.Contains(endpoints, e => e.Name == "POST /api/sessions/{id:guid}/cancel" && e.Policies.SequenceEqual(["account"]));
        Assert.Contains(endpoints, e => e.Name == "POST /api/sessions/book-series" && e.Policies.SequenceEqual(["client"]));
        Assert.Contains(endpoints, e => e.Name == "POST /api/sessions/{id:guid}/cancel-series" && e.Policies.SequenceEqual(["account"]));
        Assert.Contains(endpoints, e => e.Name == "POST /api/admin/users/{id:guid}/roles" && e.Policies.SequenceEqual(["admin"]));
        Assert.Contains(endpoints, e => e.Name == "DELETE /api/admin/users/{id:guid}/roles/{role}" && e.Policies.SequenceEqual(["admin"]));
        Assert.Contains(endpoints, e => e.Name == "GET /api/admin/users" && e.Policies.SequenceEqual(["admin"]));
        Assert.Contains(endpoints, e => e.Name == "GET /api/admin/mail" && e.Policies.SequenceEqual(["admin"]));
        Assert.Contains(endpoints, e => e.Name == "POST /api/admin/mail/{id:long}/retry" && e.Policies.SequenceEqual(["admin"]));
        Assert.Contains(endpoints, e => e.Name == "POST /api/calendar/feed" && e.Policies.SequenceEqual(["account"]));
        Assert.Contains(endpoints, e => e.Name == "POST /api/coaches/me/webhooks" && e.Policies.SequenceEqual(["coach"]));
        Assert.Contains(endpoints, e => e.Name == "POST /api/coaches/me/webhooks/{id:guid}/deliveries/{deliveryId:long}/replay" && e.Policies.SequenceEqual(["coach"]));
        Assert.Contains(endpoints, e => e.Name == "DELETE /api/admin/webhooks/{id:guid}" && e.Policies.SequenceEqual(["admin"]));
        Assert.Contains(endpoints, e => e.Name == "GET /api/admin/webhooks/{id:guid}/deliveries" && e.Policies.SequenceEqual(["admin"]));
        Assert.Contains(endpoints, e => e.Name == "POST /api/auth/password" && e.Policies.SequenceEqual(["account"]));
        Assert.Contains(endpoints, e => e.Name == "PUT /api/coaches/me/meeting-link" && e.Policies.SequenceEqual(["coach"]));
        Assert.Contains(endpoints, e => e.Name == "POST /api/coaches/me/busy-calendars" && e.Policies.SequenceEqual(["coach"]));
        Assert.Contains(endpoints, e => e.Name == "DELETE /api/coaches/me/busy-calendars/{id:guid}" && e.Policies.SequenceEqual(["coach"]));
        Assert.Contains(endpoints, e => e.Name == "POST /api/auth/logout-all" && e.Policies.SequenceEqual(["account"]));
        Assert.Contains(endpoints, e => e.Name == "POST /api/classrooms" && e.Policies.SequenceEqual(["account"]));
        Assert.Contains(endpoints, e => e.Name == "GET /api/classrooms/mine" && e.Policies.SequenceEqual(["account"]));
        Assert.Contains(endpoints, e => e.Name.StartsWith("POST /api/classrooms/{code:", StringComparison.Ordinal) && e.Name.EndsWith("/reopen", StringComparison.Ordinal)
            && e.Policies.SequenceEqual(["account"]));
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
