using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.MultiNode.Coaching;

/// <summary>Two servers on one PostgreSQL database: a booking on one reaches watchers and parties on the other.</summary>
public sealed class CoachingTwoNodeTests : IAsyncLifetime
{
    private HuddleServer _a = null!;
    private HuddleServer _b = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Huddle"] = await (await PostgresCluster.GetAsync()).CreateDatabaseAsync(),
            ["Admin:BootstrapEmail"] = "admin@huddle.test",
            ["Admin:BootstrapPassword"] = "admin-password-1",
        };
        _a = await HuddleServer.StartAsync(settings);
        _b = await HuddleServer.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task BookingOnNodeA_ReachesAWatcherAndTheClientOnNodeB()
    {
        var admin = await LoginAsync(_a, "admin@huddle.test", "admin-password-1");
        var (coachId, coach) = await RegisterAsync(_a);
        (await admin.PostAsJsonAsync($"/api/admin/users/{coachId}/roles", new { role = "coach" })).EnsureSuccessStatusCode();
        (await coach.PutAsJsonAsync("/api/coaches/me/availability", new
        {
            timeZone = "UTC", windows = Enumerable.Range(0, 7).Select(d => new { dayOfWeek = d, start = "00:00", end = "24:00" }),
        })).EnsureSuccessStatusCode();
        var (_, client, token) = await RegisterWithTokenAsync(_b);
        var watcher = await _b.ConnectAsync();
        await watcher.Send("WatchCoach", new { coachId = coachId.ToString() });
        await using var clientHub = await TestClient.ConnectAsync(new Uri(_b.BaseUri, $"/hubs/session?access_token={Uri.EscapeDataString(token)}"));
        await clientHub.Send("Ping");

        // The client's token was issued by node B; node A accepts it (same signing key).
        var at = DateTimeOffset.UtcNow.AddDays(2).Date.AddHours(10);
        client.BaseAddress = _a.BaseUri;
        var booked = await client.PostAsJsonAsync("/api/sessions/book",
            new { title = "Cross-node", scheduledAt = new DateTimeOffset(at, TimeSpan.Zero).ToString("O"), durationMinutes = 60, coachId });

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var id = (await booked.Content.ReadFromJsonAsync<JsonElement>()).Str("id");
        var seen = await watcher.WaitFor("availabilityChanged", e => e.Str("change") == "booked");
        Assert.Equal(coachId, seen.GetProperty("coachId").GetGuid());
        Assert.Equal(id, (await clientHub.WaitFor("bookingChanged")).GetProperty("session").Str("id"));
    }

    [Fact]
    public async Task LiveRoom_StartedOnNodeA_JoinedOnBothNodes_SyncsPresenceNotesAndItsEnd()
    {
        var admin = await LoginAsync(_a, "admin@huddle.test", "admin-password-1");
        var (coachId, coach, coachToken) = await RegisterWithTokenAsync(_a);
        (await admin.PostAsJsonAsync($"/api/admin/users/{coachId}/roles", new { role = "coach" })).EnsureSuccessStatusCode();
        (await coach.PutAsJsonAsync("/api/coaches/me/availability", new
        {
            timeZone = "UTC", windows = Enumerable.Range(0, 7).Select(d => new { dayOfWeek = d, start = "00:00", end = "24:00" }),
        })).EnsureSuccessStatusCode();
        var (_, client, clientToken) = await RegisterWithTokenAsync(_b);

        // Soon enough to start now (15 min early at most), within one day's window.
        var at = DateTimeOffset.UtcNow.AddMinutes(2);
        at = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero);
        if (at.AddMinutes(15).Date != at.Date) at = new DateTimeOffset(at.Date.AddDays(1), TimeSpan.Zero);
        var booked = await client.PostAsJsonAsync("/api/sessions/book", new { title = "Two nodes", scheduledAt = at.ToString("O"), durationMinutes = 15, coachId });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var id = (await booked.Content.ReadFromJsonAsync<JsonElement>()).Str("id");
        var wait = at - TimeSpan.FromMinutes(15) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait + TimeSpan.FromSeconds(1));
        var started = await coach.PostAsync($"/api/sessions/{id}/start", null);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var code = (await started.Content.ReadFromJsonAsync<JsonElement>()).Str("code");

        await using var coachHub = await TestClient.ConnectAsync(new Uri(_a.BaseUri, $"/hubs/session?access_token={Uri.EscapeDataString(coachToken)}"));
        await using var clientHub = await TestClient.ConnectAsync(new Uri(_b.BaseUri, $"/hubs/session?access_token={Uri.EscapeDataString(clientToken)}"));
        var coachView = await coachHub.Call("JoinSession", new { code });
        await clientHub.Call("JoinSession", new { code });

        Assert.Equal("host", coachView.GetProperty("you").Str("role"));
        await coachHub.WaitFor("participantJoined", e => e.GetProperty("participant").Str("role") == "member");
        await clientHub.Send("UpdateNotes", new { text = "Written on node B" });
        Assert.Equal("Written on node B", (await coachHub.WaitFor("notesUpdated")).Str("text"));
        (await coach.PostAsJsonAsync($"/api/sessions/{id}/complete", new { notes = "Done" })).EnsureSuccessStatusCode();
        Assert.Equal("completed", (await clientHub.WaitFor("sessionEnded")).Str("reason"));
    }

    private static async Task<HttpClient> LoginAsync(HuddleServer server, string email, string password)
    {
        var body = await (await server.Http.PostAsJsonAsync("/api/auth/login", new { email, password })).Content.ReadFromJsonAsync<JsonElement>();
        return Authorized(server, body.Str("accessToken"));
    }

    private static async Task<(Guid Id, HttpClient Http)> RegisterAsync(HuddleServer server)
    {
        var (id, http, _) = await RegisterWithTokenAsync(server);
        return (id, http);
    }

    private static async Task<(Guid Id, HttpClient Http, string Token)> RegisterWithTokenAsync(HuddleServer server)
    {
        var response = await server.Http.PostAsJsonAsync("/api/auth/register",
            new { email = $"u-{Guid.NewGuid():N}@example.com", password = "correct horse battery", name = "Someone" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.Str("accessToken");
        return (body.GetProperty("account").GetProperty("id").GetGuid(), Authorized(server, token), token);
    }

    private static HttpClient Authorized(HuddleServer server, string token)
    {
        var http = new HttpClient { BaseAddress = server.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
