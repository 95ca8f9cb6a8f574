using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>A coach's booking limits over real HTTP: saved and validated, enforced on booking and moving, honoured by the slot lists.</summary>
public class BookingRulesApiTests : CoachingTest
{
    // Monday 12:00 now; 24 h notice, 15 min buffers both sides, 2 a day, 10 days ahead, 30 or 60 minutes.
    private static readonly object Strict = new
    {
        lateReschedule = "fee", minNoticeMinutes = 24 * 60, bufferBeforeMinutes = 15, bufferAfterMinutes = 15,
        maxSessionsPerDay = 2, horizonDays = 10, lengths = new[] { 60, 30 },
    };

    private async Task<User> StrictCoachAsync()
    {
        var coach = await CoachAsync();
        Assert.Equal(HttpStatusCode.OK, (await coach.Http.PutAsJsonAsync("/api/coaches/me/rules", Strict)).StatusCode);
        return coach;
    }

    [Fact]
    public async Task Rules_AreSavedAndShown_AndInvalidOnesChangeNothing()
    {
        var coach = await StrictCoachAsync();

        var saved = await coach.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/rules");
        Assert.Equal((1440, 15, 15, 2, 10), (saved.GetProperty("minNoticeMinutes").GetInt32(), saved.GetProperty("bufferBeforeMinutes").GetInt32(),
            saved.GetProperty("bufferAfterMinutes").GetInt32(), saved.GetProperty("maxSessionsPerDay").GetInt32(), saved.GetProperty("horizonDays").GetInt32()));
        Assert.Equal([30, 60], saved.GetProperty("lengths").EnumerateArray().Select(l => l.GetInt32()));
        var profile = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/coaches/{coach.Id}");
        Assert.Equal([30, 60], profile.GetProperty("lengths").EnumerateArray().Select(l => l.GetInt32()));

        foreach (var bad in new object[]
        {
            new { lateReschedule = "fee", bufferBeforeMinutes = 241 },
            new { lateReschedule = "fee", minNoticeMinutes = -1 },
            new { lateReschedule = "fee", maxSessionsPerDay = 49 },
            new { lateReschedule = "fee", horizonDays = 181 },
            new { lateReschedule = "fee", lengths = new[] { 30, 31 } },
            new { lateReschedule = "fee", lengths = new[] { 30, 30 } },
        })
            await AssertProblemAsync(await coach.Http.PutAsJsonAsync("/api/coaches/me/rules", bad), HttpStatusCode.BadRequest, "invalid_coach_rules");
        Assert.Equal(saved.GetRawText(), (await coach.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/rules")).GetRawText());
    }

    [Fact]
    public async Task Book_BreakingEachRule_GetsItsCode_AndBooksNothing()
    {
        var coach = await StrictCoachAsync();
        var client = await RegisterAsync();

        await AssertProblemAsync(await BookAsync(client, coach, Wednesday10, 45), HttpStatusCode.BadRequest, "length_not_offered");
        await AssertProblemAsync(await BookAsync(client, coach, Start.AddHours(22)), HttpStatusCode.BadRequest, "too_little_notice");
        await AssertProblemAsync(await BookAsync(client, coach, Start.AddDays(10).AddHours(22)), HttpStatusCode.BadRequest, "too_far_ahead");
        Assert.Empty((await client.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine")).EnumerateArray());

        await BookedAsync(client, coach, Wednesday10);
        await AssertProblemAsync(await BookAsync(client, coach, Wednesday10.AddHours(1), 30), HttpStatusCode.BadRequest, "buffer_conflict");
        await BookedAsync(await RegisterAsync(), coach, Wednesday10.AddMinutes(90), 30); // 30 minutes after: both buffers fit
        await AssertProblemAsync(await BookAsync(client, coach, Wednesday10.AddHours(5)), HttpStatusCode.BadRequest, "daily_limit_reached");

        var mine = (await coach.Http.GetFromJsonAsync<JsonElement>("/api/sessions/mine")).EnumerateArray().ToList();
        Assert.Equal(2, mine.Count);
        await BookedAsync(client, coach, Wednesday10.AddDays(1)); // Thursday is another day
    }

    [Fact]
    public async Task Slots_OfferNothingTheRulesRefuse()
    {
        var coach = await StrictCoachAsync();
        var http = Anonymous();
        var week = (Start, Start.AddDays(14));

        var slots = await SlotStartsAsync(http, coach, week.Item1, week.Item2);
        Assert.NotEmpty(slots);
        Assert.DoesNotContain(slots, s => s < Start.AddHours(24) || s > Start.AddDays(10));
        Assert.Empty(await SlotStartsAsync(http, coach, week.Item1, week.Item2, 45));

        await BookedAsync(await RegisterAsync(), coach, Wednesday10);
        var wednesday = await SlotStartsAsync(http, coach, Wednesday10.AddHours(-1), Wednesday10.AddHours(7));
        Assert.Equal([Wednesday10.AddHours(2), Wednesday10.AddHours(3), Wednesday10.AddHours(4), Wednesday10.AddHours(5), Wednesday10.AddHours(6)], wednesday);
        Assert.DoesNotContain(Wednesday10.AddHours(-1), wednesday); // 09:00 ends where the buffer starts

        await BookedAsync(await RegisterAsync(), coach, Wednesday10.AddHours(4));
        Assert.Empty(await SlotStartsAsync(http, coach, Wednesday10.AddHours(-1), Wednesday10.AddHours(7)));

        // The directory lists the coach's first offered length when the asked one is not offered.
        var entry = (await http.GetFromJsonAsync<JsonElement>("/api/coaches?durationMinutes=45")).EnumerateArray().Single(c => c.Str("id") == coach.Id.ToString());
        var next = entry.GetProperty("nextFreeSlot");
        Assert.Equal(TimeSpan.FromMinutes(30), next.GetProperty("end").GetDateTimeOffset() - next.GetProperty("start").GetDateTimeOffset());
        Assert.True(next.GetProperty("start").GetDateTimeOffset() >= Start.AddHours(24));
    }

    [Fact]
    public async Task Reschedule_BreakingARule_IsRefused_AndTheSessionStays_ButItsOwnTimeDoesNotCount()
    {
        var coach = await StrictCoachAsync();
        var client = await RegisterAsync();
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        await BookedAsync(await RegisterAsync(), coach, Wednesday10.AddDays(1));

        var tooClose = await client.Http.PostAsJsonAsync($"/api/sessions/{id}/reschedule", new { scheduledAt = Wednesday10.AddDays(1).AddHours(1).ToString("O") });
        await AssertProblemAsync(tooClose, HttpStatusCode.BadRequest, "buffer_conflict");
        var soon = await client.Http.PostAsJsonAsync($"/api/sessions/{id}/reschedule", new { scheduledAt = Start.AddHours(23).ToString("O") });
        await AssertProblemAsync(soon, HttpStatusCode.BadRequest, "too_little_notice");
        var session = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}");
        Assert.Equal((Wednesday10, 1), (session.GetProperty("scheduledAt").GetDateTimeOffset(), session.GetProperty("version").GetInt32()));

        // Half an hour later overlaps its own old time: that is no buffer conflict (nor a day's second session).
        var later = await client.Http.PostAsJsonAsync($"/api/sessions/{id}/reschedule", new { scheduledAt = Wednesday10.AddMinutes(30).ToString("O") });
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }
}
