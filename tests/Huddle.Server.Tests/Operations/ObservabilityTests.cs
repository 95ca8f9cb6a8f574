using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Huddle.Server.Tests.Operations;

/// <summary>/metrics after real traffic, the admin API and its credential, and the lifecycle log.</summary>
public sealed partial class ObservabilityTests
{
    private const string AdminKey = "test-admin-key-0123456789";

    [Fact]
    public async Task Metrics_AfterRealTraffic_AreValidPrometheusText_WithEveryInstrument()
    {
        await using var server = await HuddleServer.StartAsync();
        var (session, host) = await server.CreateAndJoinAsync();
        var guest = await server.JoinAsync(session.Code, "Guest");
        var item = await host.AddAsync("s0001");
        await guest.Send("Vote", new { itemId = item, value = 1 });
        await guest.RejectedAsync("not_allowed", "PlayNext");
        await server.Http.GetAsync("/api/nope");

        var response = await server.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        var samples = Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(1, samples["huddle_sessions_active{kind=\"jam\"}"]);
        Assert.Equal(2, samples["huddle_participants_present"]);
        Assert.Equal(2, samples["huddle_connections_open"]);
        Assert.Equal(1, samples["huddle_hub_invocations_total{method=\"Vote\",outcome=\"ok\"}"]);
        Assert.Equal(1, samples["huddle_hub_invocations_total{method=\"PlayNext\",outcome=\"not_allowed\"}"]);
        Assert.True(samples["huddle_events_sent_total{event=\"voteUpdated\"}"] >= 1);
        Assert.Equal(1, samples["huddle_http_errors_total{code=\"not_found\"}"]);
        Assert.Equal(0, samples["huddle_db_errors_total"]);
        Assert.Equal(0, samples["huddle_ratelimit_rejections_total"]);
        foreach (var histogram in new[] { "huddle_mutation_commit_duration_seconds", "huddle_broadcast_duration_seconds" })
        {
            var count = samples[histogram + "_count"];
            Assert.True(count >= 4, $"{histogram}: {count}"); // joins, presence, add, vote
            Assert.Equal(count, samples[histogram + "_bucket{le=\"+Inf\"}"]);
            Assert.True(samples[histogram + "_sum"] > 0);
            var buckets = samples.Where(s => s.Key.StartsWith(histogram + "_bucket", StringComparison.Ordinal)).Select(s => s.Value).ToList();
            Assert.Equal(buckets.Order(), buckets); // cumulative
        }
    }

    [Fact]
    public async Task Metrics_IncludeRequestDurationsByRoute_AndTheRuntime_WithBoundedLabels()
    {
        await using var server = await HuddleServer.StartAsync();
        for (var i = 0; i < 3; i++) (await server.Http.GetAsync("/api/songs?limit=1")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/api/sessions/ZZZZZZ")).StatusCode);

        var text = await server.Http.GetStringAsync("/metrics");
        var lines = text.Split('\n');
        // ASP.NET Core's own request histogram, by route, method and status; the query string and the
        // session code (unbounded) never become labels.
        var songs = Assert.Single(lines, l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
                                             && l.Contains("http_route=\"/api/songs/\"", StringComparison.Ordinal));
        Assert.Contains("http_request_method=\"GET\"", songs, StringComparison.Ordinal);
        Assert.Contains("http_response_status_code=\"200\"", songs, StringComparison.Ordinal);
        Assert.EndsWith(" 3", songs, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("http_server_request_duration_seconds_bucket{", StringComparison.Ordinal) && l.Contains("le=\"+Inf\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
                                    && l.Contains("http_response_status_code=\"404\"", StringComparison.Ordinal));
        Assert.DoesNotContain("ZZZZZZ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("limit=1", text, StringComparison.Ordinal);
        // The runtime's: GC, heap and thread pool.
        Assert.Contains(lines, l => l.StartsWith("dotnet_gc_collections_total", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("dotnet_gc_heap_total_allocated", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("dotnet_thread_pool_thread_count", StringComparison.Ordinal));
        // Every label name is a Prometheus name (no dots).
        Assert.DoesNotContain(lines, l => LabelName().Matches(l).Any(m => m.Groups[1].Value.Contains('.', StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"[{,]([^=,{}]+)=")]
    private static partial Regex LabelName();

    [Fact]
    public async Task Metrics_CanRequireTheAdminCredential()
    {
        await using var server = await HuddleServer.StartAsync(new Dictionary<string, string?>
        {
            ["Huddle:Metrics:RequireAdmin"] = "true",
            ["Admin:Key"] = AdminKey,
        });
        await Problem.AssertAsync(await server.Http.GetAsync("/metrics"), 401, "unauthorized");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task AdminApi_WithoutAConfiguredKey_IsDisabled()
    {
        await using var server = await HuddleServer.StartAsync();
        await Problem.AssertAsync(await server.Http.GetAsync("/api/admin/sessions"), 401, "unauthenticated"); // only admin accounts can get in
        await Problem.AssertAsync(await AdminGetAsync(server, "/api/admin/sessions", "anything-at-all-1234"), 401, "admin_disabled");
    }

    [Fact]
    public async Task AdminApi_ListsActiveSessions_WithCounts_OnlyForTheRightKey()
    {
        await using var server = await HuddleServer.StartAsync(new Dictionary<string, string?> { ["Admin:Key"] = AdminKey });
        var (session, _) = await server.CreateAndJoinAsync();
        await server.JoinAsync(session.Code, "Guest");
        var other = await server.CreateSessionAsync("room");

        await Problem.AssertAsync(await server.Http.GetAsync("/api/admin/sessions"), 401, "unauthorized");
        await Problem.AssertAsync(await AdminGetAsync(server, "/api/admin/sessions", "wrong-key-000000000000"), 401, "invalid_admin_key");
        await Problem.AssertAsync(await AdminGetAsync(server, "/api/admin/sessions?limit=0"), 400, "invalid_input");
        await Problem.AssertAsync(await AdminGetAsync(server, "/api/admin/sessions?kind=nope"), 400, "invalid_kind");

        var list = await (await AdminGetAsync(server, "/api/admin/sessions")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        var jam = list.GetProperty("sessions").EnumerateArray().Single(s => s.Str("code") == session.Code);
        Assert.Equal("jam", jam.Str("kind"));
        Assert.Equal(2, jam.GetProperty("participantsPresent").GetInt32());
        Assert.Equal(2, jam.GetProperty("participantsTotal").GetInt32());
        Assert.True(jam.Version() >= 3);
        Assert.DoesNotContain("participantToken", list.GetRawText(), StringComparison.OrdinalIgnoreCase);

        var rooms = await (await AdminGetAsync(server, "/api/admin/sessions?kind=room&limit=1")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(other.Code, rooms.GetProperty("sessions")[0].Str("code"));

        var stats = await (await AdminGetAsync(server, "/api/admin/stats")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, stats.GetProperty("sessions").GetInt64());
        Assert.Equal(2, stats.GetProperty("participantsPresent").GetInt64());
        Assert.Equal(2, stats.GetProperty("connections").GetInt64());
        Assert.True(stats.GetProperty("messagesIn").GetInt64() >= 2);
        Assert.True(stats.GetProperty("messagesOut").GetInt64() >= 2);
    }

    [Fact]
    public async Task AdminApi_AcceptsAnAdminAccountsToken_BesideTheKey_AndRefusesOtherAccounts()
    {
        await using var server = await HuddleServer.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:Key"] = AdminKey,
            ["Admin:BootstrapEmail"] = "root@huddle.test",
            ["Admin:BootstrapPassword"] = "root-password-1",
        });
        var (session, _) = await server.CreateAndJoinAsync();
        var (admin, _) = await AccountAsync(server, "/api/auth/login", new { email = "root@huddle.test", password = "root-password-1" });
        var (client, _) = await AccountAsync(server, "/api/auth/register", new { email = "client@huddle.test", password = "client-password-1", name = "Cli" });
        var (coach, coachId) = await AccountAsync(server, "/api/auth/register", new { email = "coach@huddle.test", password = "coach-password-1", name = "Co" });
        using var grant = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/users/{coachId}/roles") { Content = JsonContent.Create(new { role = "coach" }) };
        grant.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(grant)).StatusCode);

        var byAccount = await BearerGetAsync(server, "/api/admin/sessions", admin);
        Assert.Equal(HttpStatusCode.OK, byAccount.StatusCode);
        var list = await byAccount.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(session.Code, list.GetProperty("sessions").EnumerateArray().Single().Str("code"));
        Assert.Equal(HttpStatusCode.OK, (await BearerGetAsync(server, "/api/admin/stats", admin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AdminGetAsync(server, "/api/admin/sessions")).StatusCode); // the key still works

        await Problem.AssertAsync(await BearerGetAsync(server, "/api/admin/sessions", client), 403, "not_allowed");
        await Problem.AssertAsync(await BearerGetAsync(server, "/api/admin/sessions", coach), 403, "not_allowed");
        await Problem.AssertAsync(await BearerGetAsync(server, "/api/admin/stats", coach), 403, "not_allowed");
        await Problem.AssertAsync(await server.Http.GetAsync("/api/admin/sessions"), 401, "unauthorized");
    }

    /// <summary>Signs in or registers: the account's token and id.</summary>
    private static async Task<(string Token, string Id)> AccountAsync(HuddleServer server, string path, object body)
    {
        var response = await server.Http.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("accessToken").GetString()!, json.GetProperty("account").GetProperty("id").GetString()!);
    }

    private static Task<HttpResponseMessage> BearerGetAsync(HuddleServer server, string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return server.Http.SendAsync(request);
    }

    [Fact]
    public async Task AdminKey_Guessing_IsRateLimited()
    {
        await using var server = await HuddleServer.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:Key"] = AdminKey,
            ["Huddle:RateLimits:FailedLookupsPerMinute"] = "3",
        });
        for (var i = 0; i < 3; i++) await Problem.AssertAsync(await AdminGetAsync(server, "/api/admin/sessions", $"guess-{i}-0000000000000"), 401, "invalid_admin_key");
        await Problem.AssertAsync(await AdminGetAsync(server, "/api/admin/sessions"), 429, "rate_limited");
    }

    [Fact]
    public async Task LifecycleLogs_HaveStableIds_AndNeverContainAToken()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await HuddleServer.StartAsync(configure: b => b.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var (session, host) = await server.CreateAndJoinAsync();
        var guest = await server.JoinAsync(session.Code, "Guest");
        var token = guest.Token;
        await guest.Connection.StopAsync();
        var again = await server.ConnectAsync();
        await again.JoinAsync(session.Code, null, token);
        await again.RejectedAsync("not_allowed", "PlayNext");
        await again.Send("LeaveSession");
        using (var end = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.Code}/end"))
        {
            end.Headers.Add("X-Participant-Token", "wrong-token-value");
            await server.Http.SendAsync(end);
        }

        await host.Send("EndSession");

        var ids = logs.Entries.Select(e => e.Id.Id).ToHashSet();
        foreach (var id in new[] { 1000, 1001, 1002, 1005, 1100, 1101 }) Assert.Contains(id, ids);
        Assert.Contains(logs.Entries, e => e.Id.Id == 1100 && e.Text.Contains("not_allowed", StringComparison.Ordinal));
        foreach (var secret in new[] { session.HostToken, token, again.Token, "wrong-token-value" })
        {
            var leaked = logs.Entries.Where(e => e.Text.Contains(secret, StringComparison.Ordinal) || (e.Exception?.ToString().Contains(secret, StringComparison.Ordinal) ?? false)).ToList();
            Assert.True(leaked.Count == 0, $"A token appeared in the log: {string.Join("; ", leaked.Select(l => l.Category + " " + l.Id))}");
        }

        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    private static Task<HttpResponseMessage> AdminGetAsync(HuddleServer server, string path, string key = AdminKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Admin-Key", key);
        return server.Http.SendAsync(request);
    }

    /// <summary>Prometheus text → sample (name with labels) → value; checks every line's shape.</summary>
    internal static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal)) continue;
            var match = Sample().Match(line);
            Assert.True(match.Success, $"Not a Prometheus sample: {line}");
            samples.Add(match.Groups[1].Value, double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        }

        return samples;
    }

    [GeneratedRegex("""^([a-z_]+(?:\{[a-z_]+="[^"]*"(?:,[a-z_]+="[^"]*")*\})?) (-?[0-9.eE+-]+|\+Inf|NaN)$""")]
    private static partial Regex Sample();
}
