using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Api;

public sealed class SessionsApiTests() : ServerTest(Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Huddle:RateLimits:FailedLookupsPerMinute"] = "5",
    };

    [Fact]
    public async Task Create_Returns201_WithCodeJoinUrlAndHostToken()
    {
        var response = await Server.Http.PostAsJsonAsync("/api/sessions", new { kind = "jam", hostName = "  Ann  ", title = "Friday", settings = new { maxQueueSize = 10 } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var code = body.Str("code");
        Assert.Matches("^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$", code);
        Assert.EndsWith($"/join/{code}", body.Str("joinUrl"), StringComparison.Ordinal);
        Assert.Equal(body.Str("participantToken"), body.GetProperty("snapshot").GetProperty("you").Str("participantToken"));
        Assert.Equal("host", body.GetProperty("snapshot").GetProperty("you").Str("role"));
        Assert.Equal(10, body.GetProperty("snapshot").GetProperty("session").GetProperty("settings").GetProperty("maxQueueSize").GetInt32());
        Assert.Equal($"/api/sessions/{code}", response.Headers.Location!.OriginalString);

        var summary = await Server.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{code.ToLowerInvariant()}");
        Assert.Equal("Ann", summary.Str("hostName"));
        Assert.Equal("Friday", summary.Str("title"));
        Assert.Equal("active", summary.Str("status"));
        Assert.False(summary.TryGetProperty("participantToken", out _));
    }

    [Theory]
    [InlineData("""{"kind":"disco","hostName":"Ann"}""", "invalid_kind")]
    [InlineData("""{"hostName":"Ann"}""", "invalid_kind")]
    [InlineData("""{"kind":"jam"}""", "invalid_name")]
    [InlineData("""{"kind":"jam","hostName":"123456789012345678901"}""", "invalid_name")]
    [InlineData("""{"kind":"jam","hostName":"A\u0000B"}""", "invalid_name")]
    [InlineData("""{"kind":"jam","hostName":"Ann","title":"TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT"}""", "invalid_title")]
    [InlineData("""{"kind":"jam","hostName":"Ann","settings":{"maxQueueSize":51}}""", "invalid_settings")]
    [InlineData("""{"kind":"jam","hostName":"Ann","settings":{"skipThreshold":0}}""", "invalid_settings")]
    [InlineData("""{"kind":"jam","hostName":"Ann","settings":{"maxParticipants":5000}}""", "invalid_settings")]
    [InlineData("""{"kind":"jam","hostName":42}""", "invalid_input")]
    [InlineData("""not json""", "invalid_input")]
    public async Task Create_RejectsBadInput_WithProblemDetailsAndCode(string json, string code)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await Server.Http.PostAsync("/api/sessions", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.Str("code"));
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_RequiresTheHostsToken()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var guest = await Server.JoinAsync(session.Code, "Guest");

        Assert.Equal(HttpStatusCode.Forbidden, (await EndAsync(session.Code, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await EndAsync(session.Code, "forged")).StatusCode);
        var byGuest = await EndAsync(session.Code, guest.Token);
        Assert.Equal(HttpStatusCode.Forbidden, byGuest.StatusCode);
        Assert.Equal("not_allowed", (await byGuest.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
        Assert.Equal("active", (await Server.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session.Code}")).Str("status"));

        Assert.Equal(HttpStatusCode.NoContent, (await EndAsync(session.Code, session.HostToken)).StatusCode);
        await guest.WaitFor("sessionEnded");
        Assert.Equal("ended", (await Server.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session.Code}")).Str("status"));
        Assert.Equal(HttpStatusCode.Gone, (await EndAsync(session.Code, session.HostToken)).StatusCode);
    }

    [Fact]
    public async Task Qr_ServesSvgAndPng_OfTheJoinLink()
    {
        var session = await Server.CreateSessionAsync();

        var svg = await Server.Http.GetAsync($"/api/sessions/{session.Code}/qr?format=svg");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var png = await Server.Http.GetAsync($"/api/sessions/{session.Code}/qr?format=png");
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, (await png.Content.ReadAsByteArrayAsync())[..4]);
        var bad = await Server.Http.GetAsync($"/api/sessions/{session.Code}/qr?format=gif");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task UnknownCodes_AreRateLimitedPerIp_EvenForValidCodesAfterwards()
    {
        var session = await Server.CreateSessionAsync();
        for (var i = 0; i < 5; i++)
        {
            var miss = await Server.Http.GetAsync($"/api/sessions/ZZZZZ{"ABCDE"[i]}");
            Assert.Equal(HttpStatusCode.NotFound, miss.StatusCode);
            Assert.Equal("session_not_found", (await miss.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
        }

        var limited = await Server.Http.GetAsync($"/api/sessions/{session.Code}");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("rate_limited", (await limited.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
        Assert.NotNull(limited.Headers.RetryAfter);
        var hub = await Server.ConnectAsync();
        await hub.RejectedAsync("rate_limited", "JoinSession", new { code = session.Code, name = "Guesser" });
    }

    [Fact]
    public async Task HealthAndOpenApi_AreServed()
    {
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync("/healthz")).StatusCode);
        var ready = await Server.Http.GetFromJsonAsync<JsonElement>("/readyz");
        Assert.Equal("ok", ready.Str("database"));
        var openApi = await Server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/sessions", out _));
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync("/docs/index.html")).StatusCode);
    }

    private async Task<HttpResponseMessage> EndAsync(string code, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{code}/end");
        if (token is not null) request.Headers.Add("X-Participant-Token", token);
        return await Server.Http.SendAsync(request);
    }
}

public sealed class CreateRateLimitTests() : ServerTest(Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Huddle:RateLimits:SessionCreatesPerMinute"] = "3",
    };

    [Fact]
    public async Task SessionCreation_IsLimitedPerIp_With429AndRetryAfter()
    {
        for (var i = 0; i < 3; i++) await Server.CreateSessionAsync();

        var response = await Server.Http.PostAsJsonAsync("/api/sessions", new { kind = "jam", hostName = "Flood" });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("rate_limited", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync("/api/songs?limit=1")).StatusCode);
    }
}
