using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>Rescheduling over real HTTP: one booking id, the old slot freed and the new one taken exactly once.</summary>
public class ReschedulingApiTests : CoachingTest
{
    private static readonly DateTimeOffset Thursday10 = Wednesday10.AddDays(1);

    [Fact]
    public async Task Reschedule_ByTheClient_MovesTheBooking_FreesTheOldSlot_AndAuditsIt()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");

        var response = await RescheduleAsync(client, id, Thursday10);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var moved = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, moved.Str("id"));
        Assert.Equal(Thursday10, moved.GetProperty("scheduledAt").GetDateTimeOffset());
        Assert.Equal(Thursday10.AddHours(1), moved.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal("scheduled", moved.Str("status"));
        Assert.Equal(2, moved.GetProperty("version").GetInt32());
        Assert.Equal(0, moved.GetProperty("rescheduleFeeCents").GetInt64());
        Assert.Contains(Wednesday10, await SlotStartsAsync(Anonymous(), coach, Wednesday10, Wednesday10.AddHours(1)));
        Assert.DoesNotContain(Thursday10, await SlotStartsAsync(Anonymous(), coach, Thursday10, Thursday10.AddHours(1)));
        var audit = await coach.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/audit");
        Assert.Equal(["book", "reschedule"], audit.EnumerateArray().Select(a => a.Str("action")));
        Assert.Equal("client", audit[1].Str("actorRole"));
        Assert.Equal("2026-03-04T10:00Z → 2026-03-05T10:00Z", audit[1].Str("reason"));
        Assert.Equal([id], (await client.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine")).EnumerateArray().Select(s => s.Str("id")));
    }

    [Fact]
    public async Task Reschedule_ByTheCoach_InWallClockTimeOfTheCoachsZone_IsFreeInsideTheWindow()
    {
        var coach = await CoachAsync("Europe/Paris");
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        Time.Advance(Wednesday10 - Start - TimeSpan.FromHours(1));

        var response = await coach.Http.PostAsJsonAsync($"/api/sessions/{id}/reschedule", new { scheduledAt = "2026-03-05T11:00:00" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var moved = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Thursday10, moved.GetProperty("scheduledAt").GetDateTimeOffset());
        Assert.Equal(0, moved.GetProperty("rescheduleFeeCents").GetInt64());
    }

    [Fact]
    public async Task Reschedule_RacingBookingsForTheSameSlot_TakesItExactlyOnce()
    {
        var coach = await CoachAsync();
        var mover = await RegisterAsync();
        var id = (await BookedAsync(mover, coach, Wednesday10)).Str("id");
        var others = new List<User>();
        for (var i = 0; i < 10; i++) others.Add(await RegisterAsync($"c{i}"));

        var move = RescheduleAsync(mover, id, Thursday10);
        var books = others.Select(c => BookAsync(c, coach, Thursday10)).ToList();
        var responses = await Task.WhenAll(books.Prepend(move));
        var moveWon = (await move).IsSuccessStatusCode;

        Assert.Single(responses, r => r.IsSuccessStatusCode);
        foreach (var refused in responses.Where(r => !r.IsSuccessStatusCode))
            await AssertProblemAsync(refused, HttpStatusCode.Conflict, "slot_taken");
        var holding = (await coach.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine")).EnumerateArray()
            .Where(s => s.Str("status") == "scheduled").Select(s => s.GetProperty("scheduledAt").GetDateTimeOffset()).ToList();
        // Either the move won (one session, at Thursday) or a booking did (the mover kept Wednesday).
        Assert.Equal(moveWon ? [Thursday10] : [Wednesday10, Thursday10], holding.Order());
    }

    [Fact]
    public async Task Reschedule_RetriedWithTheSameKey_MovesOnce_AndAnotherRequestWithItIsRefused()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");

        var first = await RescheduleAsync(client, id, Thursday10, key: "move-1");
        var retries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RescheduleAsync(client, id, Thursday10, key: "move-1")));
        var other = await RescheduleAsync(client, id, Thursday10.AddHours(2), key: "move-1");
        await BookAsync(client, coach, Wednesday10.AddHours(4), key: "book-1");
        var bookingKey = await RescheduleAsync(client, id, Thursday10.AddHours(2), key: "book-1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.All(retries, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(retries, r => Assert.Equal("true", r.Headers.GetValues("Idempotent-Replayed").Single()));
        await AssertProblemAsync(other, HttpStatusCode.Conflict, "idempotency_key_reused");
        await AssertProblemAsync(bookingKey, HttpStatusCode.Conflict, "idempotency_key_reused");
        var session = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}");
        Assert.Equal(Thursday10, session.GetProperty("scheduledAt").GetDateTimeOffset());
        Assert.Equal(2, session.GetProperty("version").GetInt32());
        Assert.Equal(2, (await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/audit")).GetArrayLength());
    }

    [Fact]
    public async Task Reschedule_ByTheClientLate_WithTheFeePolicy_ChargesTheFeeShownInThePreview()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        Time.Advance(Wednesday10 - Start - TimeSpan.FromHours(24));
        var free = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/reschedule");
        Time.Advance(TimeSpan.FromSeconds(1));
        var late = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/reschedule");

        var stale = await RescheduleAsync(client, id, Thursday10, expectedFeeCents: free.GetProperty("feeCents").GetInt64());
        var moved = await RescheduleAsync(client, id, Thursday10, expectedFeeCents: late.GetProperty("feeCents").GetInt64());

        Assert.Equal(0, free.GetProperty("feeCents").GetInt64());
        Assert.Equal(LateFeeCents, late.GetProperty("feeCents").GetInt64());
        Assert.True(late.GetProperty("late").GetBoolean());
        Assert.True(late.GetProperty("allowed").GetBoolean());
        Assert.Equal("client", late.Str("by"));
        await AssertProblemAsync(stale, HttpStatusCode.Conflict, "fee_changed");
        Assert.Equal(LateFeeCents, (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("feeCents").GetInt64());
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(LateFeeCents, (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rescheduleFeeCents").GetInt64());
    }

    [Fact]
    public async Task Reschedule_ByTheClientLate_WithTheRefusePolicy_IsRefused_AndNothingChanges()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        Assert.Equal(HttpStatusCode.OK, (await coach.Http.PutAsJsonAsync("/api/coaches/me/rules", new { lateReschedule = "refuse" })).StatusCode);
        Assert.Equal("refuse", (await coach.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/rules")).Str("lateReschedule"));
        Assert.Equal(HttpStatusCode.OK, (await RescheduleAsync(client, id, Thursday10)).StatusCode);
        Time.Advance(Thursday10 - Start - TimeSpan.FromHours(2));

        var preview = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/reschedule");
        var refused = await RescheduleAsync(client, id, Thursday10.AddHours(2));

        Assert.False(preview.GetProperty("allowed").GetBoolean());
        await AssertProblemAsync(refused, HttpStatusCode.Conflict, "reschedule_refused");
        await AssertUnchangedAsync(client, id, Thursday10, version: 2);
        // The coach may still move it, free.
        Assert.Equal(HttpStatusCode.OK, (await RescheduleAsync(coach, id, Thursday10.AddHours(2))).StatusCode);
    }

    [Fact]
    public async Task Reschedule_BadRequests_AreRefusedWithTheirCode_AndNothingChanges()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        await BookedAsync(await RegisterAsync(), coach, Thursday10);
        var saturday = new DateTimeOffset(2026, 3, 7, 10, 0, 0, TimeSpan.Zero);

        await AssertProblemAsync(await RescheduleAsync(client, id, Thursday10.AddMinutes(30)), HttpStatusCode.Conflict, "slot_taken");
        await AssertProblemAsync(await RescheduleAsync(client, id, saturday), HttpStatusCode.BadRequest, "outside_availability");
        await AssertProblemAsync(await RescheduleAsync(client, id, Start.AddHours(-1)), HttpStatusCode.BadRequest, "not_in_future");
        await AssertProblemAsync(await RescheduleAsync(client, id, Start.AddDays(400)), HttpStatusCode.BadRequest, "too_far_ahead");
        await AssertProblemAsync(await RescheduleAsync(client, id, Wednesday10), HttpStatusCode.BadRequest, "same_time");
        await AssertProblemAsync(await client.Http.PostAsJsonAsync($"/api/sessions/{id}/reschedule", new { scheduledAt = "next week" }),
            HttpStatusCode.BadRequest, "invalid_scheduled_at");
        await AssertProblemAsync(await client.Http.PostAsJsonAsync($"/api/sessions/{id}/reschedule", new { }), HttpStatusCode.BadRequest, "invalid_scheduled_at");
        await AssertProblemAsync(await client.Http.PostAsync($"/api/sessions/{id}/reschedule",
            new StringContent("{\"scheduledAt\": 5", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "invalid_input");
        await AssertProblemAsync(await RescheduleAsync(client, id, Wednesday10.AddHours(2), key: "bad key"), HttpStatusCode.BadRequest, "invalid_idempotency_key");
        await AssertUnchangedAsync(client, id, Wednesday10, version: 1);

        await client.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "Changed plans" });
        await AssertProblemAsync(await RescheduleAsync(client, id, Wednesday10.AddHours(2)), HttpStatusCode.Conflict, "invalid_transition");
    }

    public static TheoryData<string> SessionRoutes => ["preview", "reschedule"];

    [Theory]
    [MemberData(nameof(SessionRoutes))]
    public async Task SessionRoute_OnlyThePartiesAndAdminsMayUseIt(string route)
    {
        var coach = await CoachAsync(name: "Owner coach");
        var otherCoach = await CoachAsync(name: "Other coach");
        var client = await RegisterAsync("Owner client");
        var otherClient = await RegisterAsync("Other client");
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");

        await AssertProblemAsync(await SendAsync(Anonymous(), route, id, Thursday10), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await SendAsync(otherClient.Http, route, id, Thursday10), HttpStatusCode.NotFound, "coaching_session_not_found");
        await AssertProblemAsync(await SendAsync(otherCoach.Http, route, id, Thursday10), HttpStatusCode.NotFound, "coaching_session_not_found");
        await AssertProblemAsync(await SendAsync(Admin.Http, route, Guid.NewGuid().ToString(), Thursday10), HttpStatusCode.NotFound, "coaching_session_not_found");
        await AssertUnchangedAsync(client, id, Wednesday10, version: 1);

        // The client, the coach and an admin, one after the other, each to a new hour.
        var callers = new[] { client, coach, Admin };
        for (var i = 0; i < callers.Length; i++)
        {
            var response = await SendAsync(callers[i].Http, route, id, Thursday10.AddHours(i));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route} by caller {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var audit = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/audit");
        Assert.Equal(route == "reschedule" ? ["client", "client", "coach", "admin"] : ["client"], audit.EnumerateArray().Select(a => a.Str("actorRole")));
    }

    [Theory]
    [InlineData("anonymous", 401)]
    [InlineData("client", 403)]
    [InlineData("admin", 403)]
    [InlineData("coach", 200)]
    public async Task CoachRules_OnlyCoachesReadAndEditTheirOwn(string role, int expected)
    {
        var caller = role switch
        {
            "anonymous" => null,
            "client" => await RegisterAsync(),
            "admin" => Admin,
            "coach" => await CoachAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(role)),
        };
        var http = caller?.Http ?? Anonymous();

        var read = await http.GetAsync("/api/coaches/me/rules");
        var write = await http.PutAsJsonAsync("/api/coaches/me/rules", new { lateReschedule = "refuse" });

        if (expected == 200)
        {
            Assert.Equal("fee", (await read.Content.ReadFromJsonAsync<JsonElement>()).Str("lateReschedule"));
            Assert.Equal("refuse", (await write.Content.ReadFromJsonAsync<JsonElement>()).Str("lateReschedule"));
        }
        else
        {
            var code = expected == 401 ? "unauthenticated" : "not_allowed";
            await AssertProblemAsync(read, (HttpStatusCode)expected, code);
            await AssertProblemAsync(write, (HttpStatusCode)expected, code);
        }
    }

    [Fact]
    public async Task CoachRules_BadValue_IsRefused_AndKeepsThePrevious()
    {
        var coach = await CoachAsync();
        await coach.Http.PutAsJsonAsync("/api/coaches/me/rules", new { lateReschedule = "refuse" });

        await AssertProblemAsync(await coach.Http.PutAsJsonAsync("/api/coaches/me/rules", new { lateReschedule = "maybe" }), HttpStatusCode.BadRequest, "invalid_coach_rules");
        await AssertProblemAsync(await coach.Http.PutAsJsonAsync("/api/coaches/me/rules", new { }), HttpStatusCode.BadRequest, "invalid_coach_rules");

        Assert.Equal("refuse", (await coach.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/rules")).Str("lateReschedule"));
    }

    [Fact]
    public async Task Reschedule_IsAnnouncedLive_ToBothPartiesAndTheCoachsWatchers()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        var watcher = await Server.ConnectAsync();
        await watcher.Send("WatchCoach", new { coachId = coach.Id.ToString() });
        await using var coachHub = await TestClient.ConnectAsync(new Uri(Server.BaseUri, $"/hubs/session?access_token={Uri.EscapeDataString(coach.Token)}"));
        await coachHub.Connection.InvokeAsync<long>("Ping");

        Assert.Equal(HttpStatusCode.OK, (await RescheduleAsync(client, id, Thursday10)).StatusCode);

        var changed = await coachHub.WaitFor("bookingChanged", e => e.GetProperty("session").Str("id") == id);
        Assert.Equal(Thursday10, changed.GetProperty("session").GetProperty("scheduledAt").GetDateTimeOffset());
        var booked = await watcher.WaitFor("availabilityChanged", e => e.Str("change") == "booked");
        Assert.Equal(Thursday10, booked.GetProperty("start").GetDateTimeOffset());
        await watcher.WaitFor("availabilityChanged", e => e.Str("change") == "updated");
    }

    private static Task<HttpResponseMessage> RescheduleAsync(User user, string id, DateTimeOffset at, string? key = null, long? expectedFeeCents = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/reschedule")
        {
            Content = JsonContent.Create(new { scheduledAt = at.ToString("O"), expectedFeeCents }),
        };
        if (key is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return user.Http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string route, string id, DateTimeOffset at) => route switch
    {
        "preview" => http.GetAsync($"/api/sessions/{id}/reschedule"),
        "reschedule" => http.PostAsJsonAsync($"/api/sessions/{id}/reschedule", new { scheduledAt = at.ToString("O") }),
        _ => throw new ArgumentOutOfRangeException(nameof(route)),
    };

    private static async Task AssertUnchangedAsync(User user, string id, DateTimeOffset at, int version)
    {
        var session = await user.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}");
        Assert.Equal("scheduled", session.Str("status"));
        Assert.Equal(at, session.GetProperty("scheduledAt").GetDateTimeOffset());
        Assert.Equal(version, session.GetProperty("version").GetInt32());
    }
}
