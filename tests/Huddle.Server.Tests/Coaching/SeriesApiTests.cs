using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>Recurring series over real HTTP: checked whole before anything is booked, booked all or nothing and exactly once.</summary>
public class SeriesApiTests : CoachingTest
{
    [Fact]
    public async Task BookSeries_Weekly_BooksEveryOccurrence_AsANormalSession()
    {
        var coach = await CoachAsync("Europe/Paris");
        var client = await RegisterAsync();

        // Wednesdays 11:00 Paris: 10:00Z until the clocks change on 29 March, 09:00Z after.
        var response = await SeriesAsync(client, coach, "2026-03-18T11:00:00", count: 3);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var sessions = body.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(
            [new(2026, 3, 18, 10, 0, 0, TimeSpan.Zero), new(2026, 3, 25, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero)],
            sessions.Select(s => s.GetProperty("scheduledAt").GetDateTimeOffset()));
        Assert.All(sessions, s => Assert.Equal(body.Str("seriesId"), s.Str("seriesId")));
        Assert.All(sessions, s => Assert.Equal(("scheduled", 1), (s.Str("status"), s.GetProperty("version").GetInt32())));
        Assert.Equal($"/api/sessions/{sessions[0].Str("id")}", response.Headers.Location?.OriginalString);
        var mine = (await client.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine")).EnumerateArray().Select(s => s.Str("id")).Order();
        Assert.Equal(sessions.Select(s => s.Str("id")).Order(), mine);
        var audit = await coach.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessions[1].Str("id")}/audit");
        Assert.Equal(("book", "series 2 of 3 (weekly)"), (audit[0].Str("action"), audit[0].Str("reason")));
        Assert.Empty(await SlotStartsAsync(Anonymous(), coach, new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero), new(2026, 4, 1, 10, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task BookSeries_WithClashes_ReportsEachDateAndWhy_AndBooksNothing()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var other = await RegisterAsync();
        await BookedAsync(other, coach, Wednesday10.AddDays(14));
        var elsewhere = await CoachAsync(name: "Other coach");
        await BookedAsync(client, elsewhere, Wednesday10.AddDays(28).AddHours(-1).AddMinutes(30)); // the client's own, overlapping week 4

        var clash = await SeriesAsync(client, coach, Wednesday10.ToString("O"), count: 6, frequency: "weekly");
        var invalid = await SeriesAsync(client, coach, Wednesday10.ToString("O"), count: 27);
        var both = await SeriesAsync(client, coach, Wednesday10.ToString("O"), count: 2, until: "2026-04-01");

        await AssertProblemAsync(clash, HttpStatusCode.Conflict, "series_clash");
        var clashes = (await clash.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clashes").EnumerateArray().ToList();
        Assert.Equal([(2, "slot_taken"), (4, "slot_taken")], clashes.Select(c => (c.GetProperty("index").GetInt32(), c.Str("code"))));
        Assert.Equal(Wednesday10.AddDays(14), clashes[0].GetProperty("scheduledAt").GetDateTimeOffset());
        Assert.Contains("already have a session", clashes[1].Str("message"), StringComparison.Ordinal);
        await AssertProblemAsync(invalid, HttpStatusCode.BadRequest, "invalid_series");
        await AssertProblemAsync(both, HttpStatusCode.BadRequest, "invalid_series");
        Assert.Single((await coach.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine")).EnumerateArray());
        Assert.Single((await client.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine")).EnumerateArray());
    }

    [Fact]
    public async Task BookSeries_TwoClientsRacingForOverlappingSeries_ExactlyOneWins()
    {
        var coach = await CoachAsync();
        var clients = new List<User>();
        for (var i = 0; i < 6; i++) clients.Add(await RegisterAsync($"c{i}"));

        // Weekly from Wednesday vs fortnightly from the week after: they share every other week but not the first.
        var responses = await Task.WhenAll(clients.Select((c, i) => i % 2 == 0
            ? SeriesAsync(c, coach, Wednesday10.ToString("O"), count: 4)
            : SeriesAsync(c, coach, Wednesday10.AddDays(7).ToString("O"), count: 3, frequency: "fortnightly")));

        var winner = Assert.Single(responses, r => r.IsSuccessStatusCode);
        foreach (var loser in responses.Where(r => !r.IsSuccessStatusCode))
        {
            var code = (await loser.Content.ReadFromJsonAsync<JsonElement>()).Str("code");
            Assert.True(loser.StatusCode == HttpStatusCode.Conflict && code is "slot_taken" or "series_clash", $"{(int)loser.StatusCode} {code}");
        }

        var won = (await winner.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessions").EnumerateArray().Select(s => s.Str("id")).Order();
        var held = (await coach.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine")).EnumerateArray().Select(s => s.Str("id")).Order();
        Assert.Equal(won, held);
    }

    [Fact]
    public async Task BookSeries_RetriedWithTheSameKey_BooksOnce_AndAnotherRequestWithItIsRefused()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();

        var first = await SeriesAsync(client, coach, Wednesday10.ToString("O"), count: 3, key: "series-1");
        var retries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SeriesAsync(client, coach, Wednesday10.ToString("O"), count: 3, key: "series-1")));
        var other = await SeriesAsync(client, coach, Wednesday10.ToString("O"), count: 4, key: "series-1");
        var single = await BookAsync(client, coach, Wednesday10.AddHours(3), key: "series-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var seriesId = (await first.Content.ReadFromJsonAsync<JsonElement>()).Str("seriesId");
        foreach (var retry in retries)
        {
            Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
            Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
            Assert.Equal(seriesId, (await retry.Content.ReadFromJsonAsync<JsonElement>()).Str("seriesId"));
        }

        await AssertProblemAsync(other, HttpStatusCode.Conflict, "idempotency_key_reused");
        await AssertProblemAsync(single, HttpStatusCode.Conflict, "idempotency_key_reused");
        Assert.Equal(3, (await client.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine")).GetArrayLength());
    }

    [Fact]
    public async Task CancelSeries_CancelsThisAndTheRest_EachWithItsOwnFee_AfterTheTotalWasConfirmed()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var ids = await SeriesIdsAsync(client, coach, count: 4);
        Time.Advance(Wednesday10.AddDays(7) - Start - TimeSpan.FromHours(23)); // the second occurrence is now late to cancel

        var stale = await client.Http.PostAsJsonAsync($"/api/sessions/{ids[1]}/cancel-series", new { reason = "Moving away", expectedFeeCents = 0 });
        await AssertProblemAsync(stale, HttpStatusCode.Conflict, "fee_changed");
        Assert.Equal(LateFeeCents, (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("feeCents").GetInt64());
        await AssertProblemAsync(await client.Http.PostAsJsonAsync($"/api/sessions/{ids[1]}/cancel-series", new { reason = " " }), HttpStatusCode.BadRequest, "reason_required");
        Assert.All(await StatusesAsync(client, ids), s => Assert.Equal("scheduled", s));

        var response = await client.Http.PostAsJsonAsync($"/api/sessions/{ids[1]}/cancel-series", new { reason = "Moving away", expectedFeeCents = LateFeeCents });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cancelled = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(ids[1..], cancelled.Select(s => s.Str("id")));
        Assert.Equal([LateFeeCents, 0, 0], cancelled.Select(s => s.GetProperty("cancellation").GetProperty("feeCents").GetInt64()));
        Assert.Equal(["scheduled", "cancelled", "cancelled", "cancelled"], await StatusesAsync(client, ids));
        await AssertProblemAsync(await client.Http.PostAsJsonAsync($"/api/sessions/{ids[2]}/cancel-series", new { reason = "Again" }), HttpStatusCode.Conflict, "invalid_transition");
    }

    [Fact]
    public async Task CancelOneOccurrence_LeavesTheRest_AndCancelSeriesOfASingleBookingIsRefused()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var ids = await SeriesIdsAsync(client, coach, count: 3);
        var single = (await BookedAsync(client, coach, Wednesday10.AddHours(3))).Str("id");

        Assert.Equal(HttpStatusCode.OK, (await client.Http.PostAsJsonAsync($"/api/sessions/{ids[1]}/cancel", new { reason = "Holiday" })).StatusCode);
        await AssertProblemAsync(await client.Http.PostAsJsonAsync($"/api/sessions/{single}/cancel-series", new { reason = "x" }), HttpStatusCode.BadRequest, "not_in_series");

        Assert.Equal(["scheduled", "cancelled", "scheduled"], await StatusesAsync(client, ids));
        // The rest after a cancelled occurrence: the cancelled one is skipped, not refused.
        var rest = await coach.Http.PostAsJsonAsync($"/api/sessions/{ids[0]}/cancel-series", new { reason = "Coach leaves" });
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        Assert.Equal([ids[0], ids[2]], (await rest.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(s => s.Str("id")));
        Assert.Equal("scheduled", (await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{single}")).Str("status"));
    }

    internal static Task<HttpResponseMessage> SeriesAsync(
        User client, User coach, string scheduledAt, int? count = null, string? until = null, string frequency = "weekly", string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions/book-series")
        {
            Content = JsonContent.Create(new { title = "Weekly coaching", scheduledAt, durationMinutes = 60, coachId = coach.Id, frequency, count, until }),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return client.Http.SendAsync(request);
    }

    internal static async Task<List<string>> SeriesIdsAsync(User client, User coach, int count, int weeksLater = 0)
    {
        var response = await SeriesAsync(client, coach, Wednesday10.AddDays(7 * weeksLater).ToString("O"), count);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessions").EnumerateArray().Select(s => s.Str("id"))];
    }

    private static async Task<List<string>> StatusesAsync(User user, List<string> ids)
    {
        var result = new List<string>();
        foreach (var id in ids) result.Add((await user.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}")).Str("status"));
        return result;
    }
}
