using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Coaching;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>
/// Coaching webhooks against a real receiver on loopback (so these servers allow private targets; the SSRF
/// rules have their own class): signed deliveries of the audit log's events, retries on the fake clock,
/// the delivery log and replay, and who sees which hooks. Passes are run by the test
/// (<see cref="OutboxPump.PumpAsync"/>): a pass returns after the receiver has answered.
/// </summary>
public sealed class WebhookTests : CoachingTest
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => new Dictionary<string, string?>
    {
        ["Huddle:Webhooks:AllowPrivateTargets"] = "true",
        ["Huddle:Webhooks:MaxAttempts"] = "3",
        ["Huddle:Webhooks:FirstRetryDelay"] = "00:00:30",
        ["Huddle:Webhooks:MaxPerOwner"] = "2",
    };

    [Fact]
    public async Task BookingChanges_ArePostedSigned_ToTheCoachsHook_AndToAnAdminHook_ForItsEventsOnly()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var coach = await CoachAsync();
        var other = await CoachAsync();
        var client = await RegisterAsync();
        var mine = await CreateAsync(coach.Http, "/api/coaches/me/webhooks", receiver.Url("coach"), "booked", "rescheduled", "cancelled", "completed");
        var admins = await CreateAsync(Admin.Http, "/api/admin/webhooks", receiver.Url("admin"), "cancelled");
        await CreateAsync(other.Http, "/api/coaches/me/webhooks", receiver.Url("other"), "booked");

        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        (await client.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "Sick" })).EnsureSuccessStatusCode();
        await PumpAsync();

        var got = receiver.At("coach");
        Assert.Equal(["booked", "cancelled"], got.Select(r => r.Event));
        Assert.All(got, r => Assert.True(WebhookReceiver.Verifies(r, mine.Secret, Time.GetUtcNow()), $"signature of {r.Body}"));
        Assert.All(got, r => Assert.Equal("application/json; charset=utf-8", r.ContentType));
        var booked = JsonDocument.Parse(got[0].Body).RootElement;
        Assert.Equal(1, booked.GetProperty("version").GetInt32());
        Assert.Equal("booked", booked.Str("type"));
        Assert.Equal(got[0].Delivery, booked.Str("id"));
        Assert.StartsWith("evt_", booked.Str("id"));
        Assert.Equal(id, booked.GetProperty("data").GetProperty("booking").Str("id"));
        Assert.Equal("client", booked.GetProperty("data").Str("actor"));
        var cancelled = JsonDocument.Parse(got[1].Body).RootElement;
        Assert.Equal("Sick", cancelled.GetProperty("data").Str("reason"));

        // The admin's hook hears every coach's sessions, but only the events it chose, signed with its own secret.
        var adminGot = Assert.Single(receiver.At("admin"));
        Assert.Equal(got[1].Body, adminGot.Body);
        Assert.True(WebhookReceiver.Verifies(adminGot, admins.Secret, Time.GetUtcNow()));
        Assert.False(WebhookReceiver.Verifies(adminGot, mine.Secret, Time.GetUtcNow()));
        Assert.Empty(receiver.At("other")); // another coach's hook hears nothing of this coach's sessions

        await PumpAsync();
        Assert.Equal(3, receiver.All.Count); // nothing twice
        var log = await coach.Http.GetFromJsonAsync<JsonElement>($"/api/coaches/me/webhooks/{mine.Id}/deliveries");
        Assert.All(log.EnumerateArray(), d =>
        {
            Assert.Equal("delivered", d.Str("status"));
            Assert.Equal(200, d.GetProperty("lastStatusCode").GetInt32());
            Assert.Equal(1, d.GetProperty("attempts").GetInt32());
        });
        // The secret was shown once: neither listing nor log carries it.
        var listed = await coach.Http.GetStringAsync("/api/coaches/me/webhooks");
        Assert.Contains(mine.Id.ToString(), listed);
        Assert.DoesNotContain(mine.Secret, listed + log.GetRawText() + await Admin.Http.GetStringAsync("/api/admin/webhooks"));
    }

    [Fact]
    public async Task AFailingReceiver_IsRetriedWithDoublingDelays_ThenFailed_AndReplayedByHand()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var hook = await CreateAsync(coach.Http, "/api/coaches/me/webhooks", receiver.Url("hook"), "booked");
        receiver.AnswerNextWith(500, 503, 500);
        await BookedAsync(client, coach, Wednesday10);

        await PumpAsync();
        var first = Assert.Single((await DeliveriesAsync(coach, hook.Id)).EnumerateArray());
        Assert.Equal("pending", first.Str("status"));
        Assert.Equal(500, first.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal("HTTP 500", first.Str("lastError"));
        Assert.Equal("receiver says no (500) ", first.Str("responseExcerpt")); // control characters are not kept
        Assert.Equal(Time.GetUtcNow().AddSeconds(30), first.GetProperty("nextAttemptAt").GetDateTimeOffset());

        await PumpAsync();
        Assert.Single(receiver.All); // not before its backoff
        Time.Advance(TimeSpan.FromSeconds(30));
        await PumpAsync();
        Assert.Equal(2, receiver.All.Count);
        Time.Advance(TimeSpan.FromSeconds(59));
        await PumpAsync();
        Assert.Equal(2, receiver.All.Count); // the second wait is doubled
        Time.Advance(TimeSpan.FromSeconds(1));
        await PumpAsync();
        Assert.Equal(3, receiver.All.Count);
        var failed = (await DeliveriesAsync(coach, hook.Id))[0];
        Assert.Equal("failed", failed.Str("status"));
        Assert.Equal(3, failed.GetProperty("attempts").GetInt32());
        Time.Advance(TimeSpan.FromHours(2));
        await PumpAsync();
        Assert.Equal(3, receiver.All.Count); // failed stays failed until someone replays it

        var delivery = failed.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await coach.Http.PostAsync($"/api/coaches/me/webhooks/{hook.Id}/deliveries/{delivery}/replay", null)).StatusCode);
        await AssertProblemAsync(await coach.Http.PostAsync($"/api/coaches/me/webhooks/{hook.Id}/deliveries/{delivery}/replay", null),
            HttpStatusCode.NotFound, "webhook_delivery_not_found"); // pending again: nothing to replay yet
        await PumpAsync();
        Assert.Equal(4, receiver.All.Count);
        Assert.Equal(receiver.All[0].Body, receiver.All[3].Body); // the same event, the same id
        Assert.True(WebhookReceiver.Verifies(receiver.All[3], hook.Secret, Time.GetUtcNow()));
        var delivered = (await DeliveriesAsync(coach, hook.Id))[0];
        Assert.Equal("delivered", delivered.Str("status"));
        Assert.Equal(Time.GetUtcNow(), delivered.GetProperty("deliveredAt").GetDateTimeOffset());

        // An admin can replay any coach's delivery; an unknown one is a coded 404.
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.Http.PostAsync($"/api/admin/webhooks/{hook.Id}/deliveries/{delivery}/replay", null)).StatusCode);
        await AssertProblemAsync(await Admin.Http.PostAsync($"/api/admin/webhooks/{hook.Id}/deliveries/{delivery + 1000}/replay", null),
            HttpStatusCode.NotFound, "webhook_delivery_not_found");
    }

    [Fact]
    public async Task ACoach_SeesAndTouchesOnlyTheirOwnHooks_AdminsSeeAll_OthersAreRefused()
    {
        var a = await CoachAsync();
        var b = await CoachAsync();
        var client = await RegisterAsync();
        var hookA = await CreateAsync(a.Http, "/api/coaches/me/webhooks", "http://127.0.0.1:9/a", "booked");
        var hookB = await CreateAsync(b.Http, "/api/coaches/me/webhooks", "http://127.0.0.1:9/b", "booked");

        var listA = await a.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/webhooks");
        Assert.Equal([hookA.Id], listA.EnumerateArray().Select(h => h.GetProperty("id").GetGuid()));
        Assert.Equal(a.Id, listA[0].GetProperty("ownerId").GetGuid());
        await AssertProblemAsync(await a.Http.GetAsync($"/api/coaches/me/webhooks/{hookB.Id}/deliveries"), HttpStatusCode.NotFound, "webhook_not_found");
        await AssertProblemAsync(await a.Http.DeleteAsync($"/api/coaches/me/webhooks/{hookB.Id}"), HttpStatusCode.NotFound, "webhook_not_found");
        await AssertProblemAsync(await a.Http.PostAsync($"/api/coaches/me/webhooks/{hookB.Id}/deliveries/1/replay", null), HttpStatusCode.NotFound, "webhook_not_found");
        await AssertProblemAsync(await client.Http.GetAsync("/api/coaches/me/webhooks"), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await client.Http.PostAsJsonAsync("/api/coaches/me/webhooks", new { url = "http://127.0.0.1:9/", events = new[] { "booked" } }),
            HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await a.Http.GetAsync("/api/admin/webhooks"), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await Anonymous().GetAsync("/api/coaches/me/webhooks"), HttpStatusCode.Unauthorized, "unauthenticated");

        var all = await Admin.Http.GetFromJsonAsync<JsonElement>("/api/admin/webhooks");
        Assert.Equal(new[] { hookA.Id, hookB.Id }.Order(), all.EnumerateArray().Select(h => h.GetProperty("id").GetGuid()).Order());
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.Http.DeleteAsync($"/api/admin/webhooks/{hookB.Id}")).StatusCode);
        Assert.Empty((await b.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/webhooks")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await a.Http.DeleteAsync($"/api/coaches/me/webhooks/{hookA.Id}")).StatusCode);
        await AssertProblemAsync(await a.Http.DeleteAsync($"/api/coaches/me/webhooks/{hookA.Id}"), HttpStatusCode.NotFound, "webhook_not_found");
    }

    [Fact]
    public async Task Registration_RefusesBadInput_WithCodes_AndKeepsNothing()
    {
        var coach = await CoachAsync();
        async Task Refused(object body, HttpStatusCode status, string code) =>
            await AssertProblemAsync(await coach.Http.PostAsJsonAsync("/api/coaches/me/webhooks", body), status, code);

        string[] booked = ["booked"];
        foreach (var url in new[] { "", "ftp://example.org/h", "/relative", "example.org/h", "http://user:pw@example.org/h", "http://example.org/h#x",
                     "http://example.org/a b", "http://example.org/\u00e9", "http://example.org/" + new string('a', 2000), "javascript:alert(1)" })
            await Refused(new { url, events = booked }, HttpStatusCode.BadRequest, "invalid_webhook_url");
        await Refused(new { events = booked }, HttpStatusCode.BadRequest, "invalid_webhook_url");
        foreach (var events in new[] { Array.Empty<string>(), ["booked", "booked"], ["paid"], ["Booked"] })
            await Refused(new { url = "https://example.org/h", events }, HttpStatusCode.BadRequest, "invalid_webhook_events");
        await Refused(new { url = "https://example.org/h" }, HttpStatusCode.BadRequest, "invalid_webhook_events");
        Assert.Empty((await coach.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/webhooks")).EnumerateArray());

        await CreateAsync(coach.Http, "/api/coaches/me/webhooks", "https://example.org/1", "booked");
        await CreateAsync(coach.Http, "/api/coaches/me/webhooks", "https://example.org/2", "completed", "booked");
        await Refused(new { url = "https://example.org/3", events = booked }, HttpStatusCode.Conflict, "too_many_webhooks");
        var listed = await coach.Http.GetFromJsonAsync<JsonElement>("/api/coaches/me/webhooks");
        var hooks = listed.EnumerateArray().OrderBy(h => h.Str("url")).ToList();
        Assert.Equal(["https://example.org/1", "https://example.org/2"], hooks.Select(h => h.Str("url")));
        Assert.Equal(["booked", "completed"], hooks[1].GetProperty("events").EnumerateArray().Select(e => e.GetString())); // in the documented order
        await AssertProblemAsync(await coach.Http.GetAsync($"/api/coaches/me/webhooks/{listed[0].Str("id")}/deliveries?limit=0"), HttpStatusCode.BadRequest, "invalid_input");
    }

    private Task PumpAsync() => Server.Services.GetRequiredService<WebhookDispatcher>().PumpAsync(CancellationToken.None);

    private static Task<JsonElement> DeliveriesAsync(User owner, Guid hook) =>
        owner.Http.GetFromJsonAsync<JsonElement>($"/api/coaches/me/webhooks/{hook}/deliveries");

    internal static async Task<(Guid Id, string Secret)> CreateAsync(HttpClient http, string route, string url, params string[] events)
    {
        var response = await http.PostAsJsonAsync(route, new { url, events });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}");
        var secret = body.Str("secret");
        Assert.StartsWith("whsec_", secret);
        Assert.True(secret.Length >= 40);
        return (body.GetProperty("webhook").GetProperty("id").GetGuid(), secret);
    }
}

/// <summary>The SSRF rules with the default settings: non-public literal addresses refused at registration, names resolving privately refused when a delivery connects.</summary>
public sealed class WebhookTargetTests : CoachingTest
{
    [Fact]
    public async Task NonPublicAddresses_AreRefusedAtRegistration_ByCoachesAndAdmins()
    {
        var coach = await CoachAsync();
        foreach (var url in new[]
                 {
                     "http://127.0.0.1/h", "http://127.1.2.3:8080/h", "http://[::1]/h", "http://10.0.0.8/h", "https://172.16.5.4/h", "http://192.168.1.1/h",
                     "http://169.254.169.254/latest/meta-data", "http://100.64.0.1/h", "http://0.0.0.0/h", "http://224.0.0.1/h", "http://[fe80::1]/h",
                     "http://[fd00::1]/h", "http://[::ffff:127.0.0.1]/h",
                 })
        {
            await AssertProblemAsync(await coach.Http.PostAsJsonAsync("/api/coaches/me/webhooks", new { url, events = new[] { "booked" } }),
                HttpStatusCode.BadRequest, "webhook_target_refused");
            await AssertProblemAsync(await Admin.Http.PostAsJsonAsync("/api/admin/webhooks", new { url, events = new[] { "booked" } }),
                HttpStatusCode.BadRequest, "webhook_target_refused");
        }

        Assert.Empty((await Admin.Http.GetFromJsonAsync<JsonElement>("/api/admin/webhooks")).EnumerateArray());
        // A public address is fine (nothing is sent until a booking changes).
        await WebhookTests.CreateAsync(coach.Http, "/api/coaches/me/webhooks", "https://93.184.215.14/h", "booked");
    }

    [Fact]
    public async Task ANameResolvingToLoopback_IsRefusedWhenTheDeliveryConnects_AndNothingArrives()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        // "localhost" is a name, so registration cannot know where it leads; the connection can.
        var hook = await WebhookTests.CreateAsync(coach.Http, "/api/coaches/me/webhooks", $"http://localhost:{receiver.Port}/hook", "booked");
        await BookedAsync(client, coach, Wednesday10);
        await Server.Services.GetRequiredService<WebhookDispatcher>().PumpAsync(CancellationToken.None);

        Assert.Empty(receiver.All);
        var delivery = Assert.Single((await coach.Http.GetFromJsonAsync<JsonElement>($"/api/coaches/me/webhooks/{hook.Id}/deliveries")).EnumerateArray());
        Assert.Equal("failed", delivery.Str("status")); // not retried: the same name would be refused again
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("lastStatusCode").ValueKind);
        Assert.Contains("not a public address", delivery.Str("lastError"));
    }
}
