using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Api.Coaching;

public class LifecycleApiTests : CoachingTest
{
    [Fact]
    public async Task Session_RunsThroughStartAndComplete_WithAnAuditOfEachStep()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");

        Time.Advance(Wednesday10 - Start - TimeSpan.FromMinutes(16));
        await AssertProblemAsync(await client.Http.PostAsync($"/api/sessions/{id}/start", null), HttpStatusCode.Conflict, "too_early");
        Time.Advance(TimeSpan.FromMinutes(1));
        var started = await client.Http.PostAsync($"/api/sessions/{id}/start", null);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal("in_progress", (await started.Content.ReadFromJsonAsync<JsonElement>()).Str("status"));
        await AssertProblemAsync(await coach.Http.PostAsync($"/api/sessions/{id}/start", null), HttpStatusCode.Conflict, "invalid_transition");
        await AssertProblemAsync(await client.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "x" }), HttpStatusCode.Conflict, "invalid_transition");

        var completed = await coach.Http.PostAsJsonAsync($"/api/sessions/{id}/complete", new { notes = "Solid plan", actionItems = new[] { "Draft CV", "Email Sam" } });
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var rated = await client.Http.PostAsJsonAsync($"/api/sessions/{id}/complete", new { rating = 5, feedback = "Very helpful" });
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);

        var session = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}");
        Assert.Equal("completed", session.Str("status"));
        Assert.Equal("Solid plan", session.Str("notes"));
        Assert.Equal(5, session.GetProperty("rating").GetInt32());
        Assert.Equal(["Draft CV", "Email Sam"], session.GetProperty("actionItems").EnumerateArray().Select(a => a.GetString()));
        var audit = await coach.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/audit");
        Assert.Equal(["book", "start", "complete", "record"], audit.EnumerateArray().Select(a => a.Str("action")));
        Assert.Equal(["client", "client", "coach", "client"], audit.EnumerateArray().Select(a => a.Str("actorRole")));
        Assert.Equal("in_progress", audit[2].Str("from"));
        await AssertProblemAsync(await client.Http.PostAsJsonAsync($"/api/sessions/{id}/complete", new { rating = 1 }), HttpStatusCode.Conflict, "already_completed");
    }

    [Fact]
    public async Task StartOpensAt_IsWhenStartFirstSucceeds_AndGoesAwayOnceStarted()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var booked = await BookedAsync(client, coach, Wednesday10);
        var id = booked.Str("id");
        var opensAt = booked.GetProperty("startOpensAt").GetDateTimeOffset();
        Assert.Equal(Wednesday10 - TimeSpan.FromMinutes(15), opensAt);

        Time.Advance(opensAt - Start - TimeSpan.FromSeconds(1));
        await AssertProblemAsync(await client.Http.PostAsync($"/api/sessions/{id}/start", null), HttpStatusCode.Conflict, "too_early");
        Time.Advance(TimeSpan.FromSeconds(1));
        var started = await client.Http.PostAsync($"/api/sessions/{id}/start", null);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("startOpensAt").ValueKind);
    }

    [Fact]
    public async Task Complete_WhileScheduled_OrWithBadInput_IsRefused()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");

        await AssertProblemAsync(await coach.Http.PostAsJsonAsync($"/api/sessions/{id}/complete", new { notes = "n" }), HttpStatusCode.Conflict, "invalid_transition");
        Time.Advance(Wednesday10 - Start);
        await client.Http.PostAsync($"/api/sessions/{id}/start", null);
        await AssertProblemAsync(await client.Http.PostAsJsonAsync($"/api/sessions/{id}/complete", new { rating = 6 }), HttpStatusCode.BadRequest, "invalid_rating");
        await AssertProblemAsync(await client.Http.PostAsJsonAsync($"/api/sessions/{id}/complete", new { notes = "mine" }), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await coach.Http.PostAsJsonAsync($"/api/sessions/{id}/complete", new { rating = 5 }), HttpStatusCode.Forbidden, "not_allowed");
        Assert.Equal("in_progress", (await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}")).Str("status"));
    }

    [Fact]
    public async Task ClientCancellingLate_PaysTheFee_ShownBeforeConfirming_AndTheSlotComesBack()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        var early = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/cancellation");
        Time.Advance(Wednesday10 - Start - TimeSpan.FromHours(23));

        var preview = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/cancellation");
        var cancelled = await client.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "Flight moved", cancellationType = "travel", refundRequested = true });

        Assert.Equal(0, early.GetProperty("feeCents").GetInt64());
        Assert.Equal(LateFeeCents, preview.GetProperty("feeCents").GetInt64());
        Assert.True(preview.GetProperty("late").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var c = (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancellation");
        Assert.Equal(LateFeeCents, c.GetProperty("feeCents").GetInt64());
        Assert.Equal("client", c.Str("by"));
        Assert.Equal("Flight moved", c.Str("reason"));
        Assert.Contains(Wednesday10, await SlotStartsAsync(Anonymous(), coach, Wednesday10, Wednesday10.AddHours(1)));
        await AssertProblemAsync(await client.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "again" }), HttpStatusCode.Conflict, "invalid_transition");
    }

    [Fact]
    public async Task Cancel_AfterCrossingThe24HourMark_WithTheFreeFeeSeen_IsFeeChanged_AndNothingChanges()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        Time.Advance(Wednesday10 - Start - TimeSpan.FromHours(24));
        var preview = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/cancellation");
        Time.Advance(TimeSpan.FromSeconds(1));

        var refused = await client.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel",
            new { reason = "Flight moved", expectedFeeCents = preview.GetProperty("feeCents").GetInt64() });

        Assert.Equal(0, preview.GetProperty("feeCents").GetInt64());
        await AssertProblemAsync(refused, HttpStatusCode.Conflict, "fee_changed");
        Assert.Equal(LateFeeCents, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("feeCents").GetInt64());
        var unchanged = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}");
        Assert.Equal("scheduled", unchanged.Str("status"));
        Assert.Equal(1, unchanged.GetProperty("version").GetInt32());
        Assert.Single(await client.Http.GetFromJsonAsync<JsonElement[]>($"/api/sessions/{id}/audit") ?? []);

        // Confirming again with the new fee cancels and charges it.
        var cancelled = await client.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "Flight moved", expectedFeeCents = LateFeeCents });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(LateFeeCents, (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancellation").GetProperty("feeCents").GetInt64());
    }

    [Fact]
    public async Task Cancel_ExactlyAt24Hours_WithTheFreeFeeSeen_IsFree()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        Time.Advance(Wednesday10 - Start - TimeSpan.FromHours(24));

        var cancelled = await client.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "Flight moved", expectedFeeCents = 0 });

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(0, (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancellation").GetProperty("feeCents").GetInt64());
    }

    [Fact]
    public async Task CoachCancellingLate_NeverChargesTheClient()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        Time.Advance(Wednesday10 - Start - TimeSpan.FromHours(1));

        var preview = await coach.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/cancellation");
        var cancelled = await coach.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "Sick" });

        Assert.Equal(0, preview.GetProperty("feeCents").GetInt64());
        var c = (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancellation");
        Assert.Equal(0, c.GetProperty("feeCents").GetInt64());
        Assert.Equal("coach", c.Str("by"));
    }

    [Fact]
    public async Task Cancel_WithoutAReason_IsRefused()
    {
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, await CoachAsync(), Wednesday10)).Str("id");

        await AssertProblemAsync(await client.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = " " }), HttpStatusCode.BadRequest, "reason_required");
        Assert.Equal("scheduled", (await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}")).Str("status"));
    }

    [Fact]
    public async Task CalendarIcs_IsAnRfc5545EventInUtc()
    {
        var coach = await CoachAsync("America/New_York", "Grace");
        var client = await RegisterAsync();
        var response = await client.Http.PostAsJsonAsync("/api/sessions/book", new
        {
            title = "Plan; review, next", description = "Line one\nLine two", scheduledAt = "2026-03-09T09:00:00", durationMinutes = 45, coachId = coach.Id,
        });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("id");

        var ics = await client.Http.GetAsync($"/api/sessions/{id}/calendar.ics");
        var text = await ics.Content.ReadAsStringAsync();

        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", text, StringComparison.Ordinal);
        Assert.EndsWith("END:VEVENT\r\nEND:VCALENDAR\r\n", text, StringComparison.Ordinal);
        Assert.Contains($"UID:{id}@huddle\r\n", text, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20260309T130000Z\r\n", text, StringComparison.Ordinal);
        Assert.Contains("DTEND:20260309T134500Z\r\n", text, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Plan\\; review\\, next\r\n", text, StringComparison.Ordinal);
        Assert.Contains("STATUS:CONFIRMED", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.All(text.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
    }

    [Fact]
    public async Task CalendarIcs_ParsesBackWithIcalNet_ToTheBookedEvent()
    {
        var coach = await CoachAsync("America/New_York", "Grace");
        var client = await RegisterAsync();
        // Escaped and multi-byte characters, and long enough to be folded: the emoji falls on the fold,
        // which must not split it (the fold is by whole characters, as calendars decode UTF-8).
        const string title = "Plan; review, next \\ café — quarterly goals for the year: 🎯 ahead";
        var response = await client.Http.PostAsJsonAsync("/api/sessions/book", new
        {
            title, description = "Line one\nLine two", scheduledAt = "2026-03-09T09:00:00", durationMinutes = 45, coachId = coach.Id,
        });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("id");

        var calendar = Ical.Net.Calendar.Load(await client.Http.GetStringAsync($"/api/sessions/{id}/calendar.ics"));

        var e = Assert.Single(calendar!.Events);
        Assert.Equal($"{id}@huddle", e.Uid);
        Assert.Equal(title, e.Summary);
        Assert.Equal(new DateTime(2026, 3, 9, 13, 0, 0, DateTimeKind.Utc), e.DtStart!.AsUtc);
        Assert.Equal(new DateTime(2026, 3, 9, 13, 45, 0, DateTimeKind.Utc), e.DtEnd!.AsUtc);
        Assert.Contains("Line one\nLine two", e.Description, StringComparison.Ordinal);
        Assert.Equal(Ical.Net.EventStatus.Confirmed, e.Status);

        Assert.Equal(HttpStatusCode.OK, (await client.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "Ill" })).StatusCode);
        var cancelled = Ical.Net.Calendar.Load(await client.Http.GetStringAsync($"/api/sessions/{id}/calendar.ics"));
        Assert.Equal(Ical.Net.EventStatus.Cancelled, Assert.Single(cancelled!.Events).Status);
    }
}
