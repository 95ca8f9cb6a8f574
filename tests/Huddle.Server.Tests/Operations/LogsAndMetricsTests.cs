using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Fuzz;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Huddle.Server.Tests.Operations;

/// <summary>
/// The lifecycle entries a test cannot get from a plain session (host migrated, expired), that no
/// secret reaches any log line at any level, and that rate-limit refusals and database failures
/// show up in <c>/metrics</c> under the right labels.
/// </summary>
public sealed class LogsAndMetricsTests
{
    private const string AdminKey = "logs-admin-key-0123456789";

    [Fact]
    public async Task HostMigration_IsLoggedOnce_As1003_WithBothParticipants()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await HuddleServer.StartAsync(
            new Dictionary<string, string?> { ["Huddle:Engine:HostGracePeriod"] = "00:00:00.300" },
            configure: b => b.Logging.AddProvider(logs));
        var (session, host) = await server.CreateAndJoinAsync();
        var guest = await server.JoinAsync(session.Code, "Guest");

        await host.Connection.StopAsync();
        await guest.WaitFor("hostChanged", timeoutMs: 5000);

        var migrated = Assert.Single(logs.Entries, e => e.Id.Id == 1003);
        Assert.Equal(LogLevel.Information, migrated.Level);
        Assert.Contains(session.Code, migrated.Text, StringComparison.Ordinal);
        Assert.Contains(session.HostId, migrated.Text, StringComparison.Ordinal);
        Assert.Contains(guest.ParticipantId, migrated.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(session.HostToken, migrated.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIdleSession_EndedBySweep_IsLoggedAsExpired_1006_NotAsEnded()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 20, 0, 0, TimeSpan.Zero));
        var logs = new CapturingLoggerProvider();
        await using var server = await HuddleServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Huddle:Engine:PresentIdleTimeout"] = "00:10:00",
                ["Huddle:Engine:ExpiryWarning"] = "00:01:00",
                ["Huddle:Engine:SweepInterval"] = "00:01:00",
            },
            time,
            b => b.Logging.AddProvider(logs));
        var (session, host) = await server.CreateAndJoinAsync("room");

        for (var minute = 0; minute < 12 && !host.Events.Any(e => e.Name == "sessionEnded"); minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await server.RunDueWorkAsync();
        }

        Assert.Equal("inactive", (await host.WaitFor("sessionEnded")).Str("reason"));
        var expired = Assert.Single(logs.Entries, e => e.Id.Id == 1006);
        Assert.Contains(session.Code, expired.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Id.Id == 1005);
    }

    [Fact]
    public async Task NothingSecret_IsLogged_EvenAtTraceForEveryCategory()
    {
        var logs = new CapturingLoggerProvider(LogLevel.Trace);
        await using var server = await HuddleServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Admin:Key"] = AdminKey,
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
            },
            configure: b => b.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        const string password = "correct horse battery staple 42";
        const string wrongPassword = "not the password at all 42";
        const string newPassword = "a second secret passphrase 43";
        const string wrongKey = "wrong-admin-key-9876543210";

        // Participant tokens: in a REST header and as a hub argument.
        var (session, host) = await server.CreateAndJoinAsync();
        var guest = await server.JoinAsync(session.Code, "Guest");
        var guestToken = guest.Token;
        await guest.Connection.StopAsync();
        var again = await server.ConnectAsync();
        await again.JoinAsync(session.Code, null, guestToken);
        using (var end = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.Code}/end"))
        {
            end.Headers.Add("X-Participant-Token", guestToken);
            Assert.Equal(HttpStatusCode.Forbidden, (await server.Http.SendAsync(end)).StatusCode);
        }

        // An account's password (register, right and wrong login) and its JWT (REST header, hub query string).
        var email = $"secret-{Guid.NewGuid():N}@example.com";
        var registered = await server.Http.PostAsJsonAsync("/api/auth/register", new { email, password, name = "Sam" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var jwt = (await registered.Content.ReadFromJsonAsync<JsonElement>()).Str("accessToken");
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.PostAsJsonAsync("/api/auth/login", new { email, password = wrongPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.PostAsJsonAsync("/api/auth/login", new { email, password })).StatusCode);
        using (var me = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me"))
        {
            me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
            Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(me)).StatusCode);
        }

        await using (var coaching = await TestClient.ConnectAsync(new Uri(server.BaseUri, $"/hubs/session?access_token={Uri.EscapeDataString(jwt)}")))
        {
            await coaching.Send("WatchCoach", new { coachId = Guid.NewGuid().ToString() });
        }

        // A password change, refused (wrong current password) then done: neither password nor the new token is logged.
        string? changedJwt = null;
        foreach (var current in new[] { wrongPassword, password })
        {
            using var change = new HttpRequestMessage(HttpMethod.Post, "/api/auth/password") { Content = JsonContent.Create(new { currentPassword = current, newPassword }) };
            change.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
            using var changed = await server.Http.SendAsync(change);
            Assert.Equal(current == password ? HttpStatusCode.OK : HttpStatusCode.BadRequest, changed.StatusCode);
            if (current == password) changedJwt = (await changed.Content.ReadFromJsonAsync<JsonElement>()).Str("accessToken");
        }

        await using (var forged = await RawHubClient.ConnectAsync(server.BaseUri, $"access_token={Uri.EscapeDataString(jwt[..^4] + "AAAA")}"))
        {
            await forged.InvokeAsync("Ping");
        }

        // The admin key, right and wrong, in both places it is accepted.
        foreach (var (key, status) in new[] { (AdminKey, HttpStatusCode.OK), (wrongKey, HttpStatusCode.Unauthorized) })
        {
            using var byHeader = new HttpRequestMessage(HttpMethod.Get, "/api/admin/stats");
            byHeader.Headers.Add("X-Admin-Key", key);
            Assert.Equal(status, (await server.Http.SendAsync(byHeader)).StatusCode);
            using var byBearer = new HttpRequestMessage(HttpMethod.Get, "/api/admin/sessions");
            byBearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            Assert.Equal(status, (await server.Http.SendAsync(byBearer)).StatusCode);
        }

        await host.Send("EndSession");

        Assert.Contains(logs.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && e.Level == LogLevel.Trace);
        Assert.Contains(logs.Entries, e => e.Id.Id == 1150 && e.Text.Contains("/hubs/session", StringComparison.Ordinal));
        var secrets = new[] { session.HostToken, guestToken, again.Token, password, wrongPassword, newPassword, jwt, jwt.Split('.')[2], changedJwt!, AdminKey, wrongKey };
        foreach (var secret in secrets)
        {
            var leaked = logs.Entries.Where(e => e.Text.Contains(secret, StringComparison.Ordinal)
                || (e.Exception?.ToString().Contains(secret, StringComparison.Ordinal) ?? false)).ToList();
            Assert.True(leaked.Count == 0, $"A secret appeared in the log: {string.Join("; ", leaked.Select(l => $"{l.Category} {l.Id} {l.Level}"))}");
        }
    }

    [Fact]
    public async Task RateLimitRejections_AreCountedByTheLimitThatRefused_AndAsHttpErrors()
    {
        await using var server = await HuddleServer.StartAsync(new Dictionary<string, string?>
        {
            ["Huddle:RateLimits:SessionCreatesPerMinute"] = "2",
            ["Huddle:RateLimits:HubInvocationsPerSecond"] = "1",
            ["Huddle:RateLimits:HubInvocationBurst"] = "2",
        });
        for (var i = 0; i < 2; i++) await server.CreateSessionAsync();
        await Problem.AssertAsync(await server.Http.PostAsJsonAsync("/api/sessions", new { kind = "jam", hostName = "Late" }), 429, "rate_limited");

        // The connection's own bucket refuses a third quick JoinSession: a hub limit, not a failed look-up.
        var client = await server.ConnectAsync();
        await client.RejectedAsync("session_not_found", "JoinSession", new { code = "ZZZZZZ", name = "A" });
        await client.RejectedAsync("session_not_found", "JoinSession", new { code = "ZZZZZZ", name = "A" });
        await client.RejectedAsync("rate_limited", "JoinSession", new { code = "ZZZZZZ", name = "A" });

        using (var foreign = new HttpRequestMessage(HttpMethod.Get, "/hubs/session"))
        {
            foreign.Headers.Add("Origin", "http://evil.example");
            await Problem.AssertAsync(await server.Http.SendAsync(foreign), 403, "origin_not_allowed");
        }

        var samples = await MetricsAsync(server);
        Assert.Equal(1, samples["huddle_ratelimit_rejections_total{limiter=\"create\"}"]);
        Assert.Equal(1, samples["huddle_ratelimit_rejections_total{limiter=\"hub\"}"]);
        Assert.False(samples.ContainsKey("huddle_ratelimit_rejections_total{limiter=\"failed_lookups\"}"));
        Assert.Equal(1, samples["huddle_http_errors_total{code=\"rate_limited\"}"]);
        Assert.Equal(1, samples["huddle_http_errors_total{code=\"origin_not_allowed\"}"]);
    }

    [Fact]
    public async Task TheGlobalApiLimit_OnTheCreateRoute_IsCountedAsApi()
    {
        await using var server = await HuddleServer.StartAsync(new Dictionary<string, string?>
        {
            ["Huddle:RateLimits:ApiRequestsPerMinute"] = "2",
            ["Huddle:RateLimits:SessionCreatesPerMinute"] = "100",
        });
        for (var i = 0; i < 2; i++) await server.CreateSessionAsync();
        await Problem.AssertAsync(await server.Http.PostAsJsonAsync("/api/sessions", new { kind = "jam", hostName = "Late" }), 429, "rate_limited");

        var samples = await MetricsAsync(server);
        Assert.Equal(1, samples["huddle_ratelimit_rejections_total{limiter=\"api\"}"]);
        Assert.False(samples.ContainsKey("huddle_ratelimit_rejections_total{limiter=\"create\"}"));
    }

    [Fact]
    public async Task DatabaseFailures_InTheSessionAndCoachingStores_AreCountedByOperation()
    {
        using var dir = new TempFolder("huddle-dberr-");
        var file = Path.Combine(dir.FullName, "huddle.db");
        await using var server = await HuddleServer.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["ConnectionStrings:Huddle"] = $"Data Source={file}",
        });
        await using (var db = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await db.OpenAsync();
            await using var drop = db.CreateCommand();
            drop.CommandText = "PRAGMA foreign_keys = OFF; DROP TABLE session_commits; DROP TABLE sessions; DROP TABLE coach_profiles;";
            await drop.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.InternalServerError, (await server.Http.GetAsync("/api/sessions/ABCDEF")).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await server.Http.GetAsync("/api/coaches")).StatusCode);

        var samples = await MetricsAsync(server);
        Assert.Equal(1, samples["huddle_db_errors_total{operation=\"find_by_code\"}"]);
        Assert.Equal(1, samples["huddle_db_errors_total{operation=\"accounts.list_coaches\"}"]);
    }

    private static async Task<Dictionary<string, double>> MetricsAsync(HuddleServer server) =>
        ObservabilityTests.Parse(await server.Http.GetStringAsync("/metrics"));
}
