using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Api.Coaching;

public class BookingApiTests : CoachingTest
{
    [Fact]
    public async Task Book_InsideAvailability_CreatesAScheduledSession_AndItsSlotDisappears()
    {
        var coach = await CoachAsync(name: "Grace");
        var client = await RegisterAsync("Ada");
        var before = await SlotStartsAsync(Anonymous(), coach, Wednesday10.AddHours(-1), Wednesday10.AddHours(3));

        var session = await BookedAsync(client, coach, Wednesday10);

        Assert.Equal("scheduled", session.Str("status"));
        Assert.Equal(Wednesday10, session.GetProperty("scheduledAt").GetDateTimeOffset());
        Assert.Equal("Grace", session.GetProperty("coach").Str("name"));
        Assert.Equal(client.Id, session.GetProperty("client").GetProperty("id").GetGuid());
        Assert.Contains(Wednesday10, before);
        Assert.DoesNotContain(Wednesday10, await SlotStartsAsync(Anonymous(), coach, Wednesday10.AddHours(-1), Wednesday10.AddHours(3)));
        var mine = await client.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine");
        Assert.Equal(session.Str("id"), Assert.Single(mine.EnumerateArray()).Str("id"));
    }

    [Fact]
    public async Task InProgressSession_StillHoldsItsSlot_UntilItIsCompleted()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var other = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        Time.Advance(Wednesday10 - Start - TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PostAsync($"/api/sessions/{id}/start", null)).StatusCode);

        var slots = await SlotStartsAsync(Anonymous(), coach, Wednesday10, Wednesday10.AddHours(3), 30);
        var overlapping = await BookAsync(other, coach, Wednesday10.AddMinutes(30), minutes: 30);

        Assert.Equal([Wednesday10.AddHours(1), Wednesday10.AddHours(1.5), Wednesday10.AddHours(2), Wednesday10.AddHours(2.5)], slots);
        await AssertProblemAsync(overlapping, HttpStatusCode.Conflict, "slot_taken");
        Assert.Empty(await other.Http.GetFromJsonAsync<JsonElement[]>("/api/sessions/mine") ?? []);

        Assert.Equal(HttpStatusCode.OK, (await coach.Http.PostAsJsonAsync($"/api/sessions/{id}/complete", new { notes = "Done" })).StatusCode);
        Assert.Contains(Wednesday10.AddMinutes(30), await SlotStartsAsync(Anonymous(), coach, Wednesday10, Wednesday10.AddHours(3), 30));
    }

    [Fact]
    public async Task Directory_ShowsEachCoachsNextFreeSlot_WhichMovesWhenItIsBookedAndComesBackWhenCancelled()
    {
        var coach = await CoachAsync(name: "Next free");
        var client = await RegisterAsync();
        // Monday 12:00: the next free hour is 13:00 today.
        var monday13 = Start.AddHours(1);
        Assert.Equal(monday13, await NextFreeAsync(coach));

        var id = (await BookedAsync(client, coach, monday13)).Str("id");
        Assert.Equal(monday13.AddHours(1), await NextFreeAsync(coach));
        Assert.Equal(Start.AddMinutes(15), await NextFreeAsync(coach, minutes: 15));

        await client.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "Changed plans" });
        Assert.Equal(monday13, await NextFreeAsync(coach));

        var idle = await RegisterAsync();
        (await Admin.Http.PostAsJsonAsync($"/api/admin/users/{idle.Id}/roles", new { role = "coach" })).EnsureSuccessStatusCode();
        var entry = (await Anonymous().GetFromJsonAsync<JsonElement>("/api/coaches")).EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == idle.Id);
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("nextFreeSlot").ValueKind);
        await AssertProblemAsync(await Anonymous().GetAsync("/api/coaches?durationMinutes=5"), HttpStatusCode.BadRequest, "invalid_duration");
    }

    private async Task<DateTimeOffset> NextFreeAsync(User coach, int minutes = 60)
    {
        var directory = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/coaches?durationMinutes={minutes}");
        var entry = directory.EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == coach.Id);
        return entry.GetProperty("nextFreeSlot").GetProperty("start").GetDateTimeOffset();
    }

    [Fact]
    public async Task Book_WithABasicOffset_IsThatInstant_AndABadOffsetBooksNothing()
    {
        var coach = await CoachAsync("America/New_York");
        var client = await RegisterAsync();

        var booked = await client.Http.PostAsJsonAsync("/api/sessions/book",
            new { title = "Basic offset", scheduledAt = "2026-03-04T16:00:00+0100", durationMinutes = 30, coachId = coach.Id });
        var bad = await client.Http.PostAsJsonAsync("/api/sessions/book",
            new { title = "Bad offset", scheduledAt = "2026-03-05T16:00:00+1900", durationMinutes = 30, coachId = coach.Id });

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 15, 0, 0, TimeSpan.Zero),
            (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scheduledAt").GetDateTimeOffset());
        await AssertProblemAsync(bad, HttpStatusCode.BadRequest, "invalid_scheduled_at");
        Assert.Single(await client.Http.GetFromJsonAsync<JsonElement[]>("/api/sessions/mine") ?? []);
    }

    [Fact]
    public async Task Book_WithoutAnOffset_IsReadInTheCoachsTimeZone()
    {
        var coach = await CoachAsync("America/New_York");
        var client = await RegisterAsync();

        var response = await client.Http.PostAsJsonAsync("/api/sessions/book",
            new { title = "Local", scheduledAt = "2026-03-09T09:00:00", durationMinutes = 30, coachId = coach.Id });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // 09:00 in New York on 9 March 2026 (EDT, UTC-4).
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 13, 0, 0, TimeSpan.Zero),
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scheduledAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Availability_AcrossTheSpringForwardChange_StaysAtNineLocal()
    {
        var coach = await CoachAsync("America/New_York");

        var slots = await SlotStartsAsync(Anonymous(), coach,
            new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero), 240);

        Assert.Equal(
            [
                new DateTimeOffset(2026, 3, 6, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 6, 18, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 9, 13, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 9, 17, 0, 0, TimeSpan.Zero),
            ],
            slots);
    }

    [Theory]
    [InlineData(-3, 60, "not_in_future")]
    [InlineData(10, 60, "outside_availability")]
    [InlineData(0, 10, "invalid_duration")]
    [InlineData(0, 241, "invalid_duration")]
    public async Task Book_BreakingARule_IsRefusedAndBooksNothing(int hoursFromWednesday10, int minutes, string code)
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var at = hoursFromWednesday10 == -3 ? CoachingTest.Start.AddHours(-1) : Wednesday10.AddHours(hoursFromWednesday10);

        await AssertProblemAsync(await BookAsync(client, coach, at, minutes), HttpStatusCode.BadRequest, code);

        Assert.Empty((await client.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine")).EnumerateArray());
    }

    [Fact]
    public async Task Book_UnknownCoach_OrAClientWhoIsNotACoach_IsNotFound()
    {
        var client = await RegisterAsync();
        var other = await RegisterAsync();

        await AssertProblemAsync(await BookAsync(client, other, Wednesday10), HttpStatusCode.NotFound, "coach_not_found");
    }

    [Fact]
    public async Task Book_MalformedBody_IsInvalidInput()
    {
        var client = await RegisterAsync();

        var response = await client.Http.PostAsync("/api/sessions/book", new StringContent("{\"title\": 5", System.Text.Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_input");
    }

    [Fact]
    public async Task Book_OverlappingTheClientsOtherSession_IsSlotTaken()
    {
        var client = await RegisterAsync();
        await BookedAsync(client, await CoachAsync(), Wednesday10);

        await AssertProblemAsync(await BookAsync(client, await CoachAsync(), Wednesday10.AddMinutes(30)), HttpStatusCode.Conflict, "slot_taken");
    }

    [Fact]
    public async Task Book_FiftyConcurrentRequestsForOneSlot_BookItExactlyOnce()
    {
        var coach = await CoachAsync();
        var clients = new List<User>();
        for (var i = 0; i < 50; i++) clients.Add(await RegisterAsync($"c{i}"));

        var responses = await Task.WhenAll(clients.Select(c => BookAsync(c, coach, Wednesday10)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await AssertProblemAsync(refused, HttpStatusCode.Conflict, "slot_taken");
        var coachSessions = await coach.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine");
        Assert.Single(coachSessions.EnumerateArray());
    }

    [Fact]
    public async Task Book_RetriedWithTheSameIdempotencyKey_ReturnsTheFirstBooking()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();

        var first = await BookAsync(client, coach, Wednesday10, key: "retry-1");
        var retry = await BookAsync(client, coach, Wednesday10, key: "retry-1");
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => BookAsync(client, coach, Wednesday10.AddHours(2), key: "race-1")));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).Str("id"), (await retry.Content.ReadFromJsonAsync<JsonElement>()).Str("id"));
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.All(concurrent, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(concurrent.Select(r => r.Content.ReadFromJsonAsync<JsonElement>().Result.Str("id")).Distinct());
        Assert.Equal(2, (await client.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine")).GetArrayLength());
    }

    [Fact]
    public async Task Book_SameIdempotencyKeyForADifferentRequest_IsRefused()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        await BookAsync(client, coach, Wednesday10, key: "k-1");

        var other = await BookAsync(client, coach, Wednesday10.AddHours(3), key: "k-1");

        await AssertProblemAsync(other, HttpStatusCode.Conflict, "idempotency_key_reused");
        Assert.Equal(1, (await client.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine")).GetArrayLength());
    }

    [Fact]
    public async Task SetAvailability_BadInput_IsRefusedAndKeepsThePrevious()
    {
        var coach = await CoachAsync();

        await AssertProblemAsync(await coach.Http.PutAsJsonAsync("/api/coaches/me/availability", new { timeZone = "Mars/Base", windows = Array.Empty<object>() }),
            HttpStatusCode.BadRequest, "invalid_time_zone");
        await AssertProblemAsync(await coach.Http.PutAsJsonAsync("/api/coaches/me/availability",
            new { timeZone = "UTC", windows = new[] { new { dayOfWeek = 7, start = "09:00", end = "10:00" } } }), HttpStatusCode.BadRequest, "invalid_window");
        await AssertProblemAsync(await coach.Http.PutAsJsonAsync("/api/coaches/me/availability",
            new { timeZone = "UTC", windows = new[] { new { dayOfWeek = 1, start = "11:00", end = "10:00" } } }), HttpStatusCode.BadRequest, "invalid_window");

        Assert.Contains(Wednesday10, await SlotStartsAsync(Anonymous(), coach, Wednesday10, Wednesday10.AddHours(1)));
    }

    [Fact]
    public async Task DateException_ClosesADay_AndTheDirectoryListsCoaches()
    {
        var coach = await CoachAsync(name: "Lin");
        var put = await coach.Http.PutAsJsonAsync("/api/coaches/me/availability", new
        {
            timeZone = "Europe/Paris",
            windows = new[] { new { dayOfWeek = 3, start = "09:00", end = "12:00" } },
            exceptions = new[] { new { date = "2026-03-04", windows = Array.Empty<object>() } },
            bio = "Leadership",
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        Assert.Empty(await SlotStartsAsync(Anonymous(), coach, Wednesday10.AddHours(-12), Wednesday10.AddHours(12)));
        Assert.Equal(3, (await SlotStartsAsync(Anonymous(), coach, Wednesday10.AddDays(7).AddHours(-12), Wednesday10.AddDays(7).AddHours(12))).Count);
        var directory = await Anonymous().GetFromJsonAsync<JsonElement>("/api/coaches");
        var listed = directory.EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == coach.Id);
        Assert.Equal("Europe/Paris", listed.Str("timeZone"));
        Assert.Equal("Leadership", listed.Str("bio"));
    }

    [Fact]
    public async Task Availability_BadQuery_IsRefused()
    {
        var coach = await CoachAsync();
        var http = Anonymous();

        await AssertProblemAsync(await http.GetAsync($"/api/coaches/{coach.Id}/availability?from=yesterday"), HttpStatusCode.BadRequest, "invalid_input");
        await AssertProblemAsync(await http.GetAsync($"/api/coaches/{coach.Id}/availability?durationMinutes=5"), HttpStatusCode.BadRequest, "invalid_duration");
        await AssertProblemAsync(await http.GetAsync($"/api/coaches/{coach.Id}/availability?from=2026-03-01T00:00:00Z&to=2026-06-01T00:00:00Z"),
            HttpStatusCode.BadRequest, "invalid_input");
        await AssertProblemAsync(await http.GetAsync($"/api/coaches/{Guid.NewGuid()}/availability"), HttpStatusCode.NotFound, "coach_not_found");
    }
}
