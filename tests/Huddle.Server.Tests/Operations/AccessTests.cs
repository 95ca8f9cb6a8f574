using System.Net;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Operations;

/// <summary>Who may call what: CORS and the hub's origin check, forwarded client addresses, brute force, foreign tokens.</summary>
public sealed class AccessTests
{
    private const string AllowedOrigin = "https://app.example.org";

    [Fact]
    public async Task Cors_AllowsOnlyConfiguredOrigins_ForTheApi_AndTheHub()
    {
        await using var server = await HuddleServer.StartAsync(new Dictionary<string, string?> { ["Huddle:Http:CorsAllowedOrigins:0"] = AllowedOrigin });

        var allowed = await PreflightAsync(server, "/api/sessions", AllowedOrigin);
        Assert.Equal(AllowedOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var foreign = await PreflightAsync(server, "/api/sessions", "https://evil.example");
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));

        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(server, AllowedOrigin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(server, server.BaseUri.GetLeftPart(UriPartial.Authority))).StatusCode);
        await Problem.AssertAsync(await NegotiateAsync(server, "https://evil.example"), 403, "origin_not_allowed");
    }

    [Fact]
    public async Task Cors_ByDefault_SendsNoCorsHeaders_AndTheHubRefusesOtherOrigins()
    {
        await using var server = await HuddleServer.StartAsync();
        var preflight = await PreflightAsync(server, "/api/sessions", AllowedOrigin);
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        await Problem.AssertAsync(await NegotiateAsync(server, AllowedOrigin), 403, "origin_not_allowed");
    }

    [Fact]
    public async Task ForwardedFor_FromATrustedProxy_GivesEachClientItsOwnLimit()
    {
        // Loopback (the test client) is a trusted proxy by default.
        await using var server = await HuddleServer.StartAsync(new Dictionary<string, string?> { ["Huddle:RateLimits:FailedLookupsPerMinute"] = "2" });
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.NotFound, (await LookUpAsync(server, "203.0.113.1")).StatusCode);
        await Problem.AssertAsync(await LookUpAsync(server, "203.0.113.1"), 429, "rate_limited");
        Assert.Equal(HttpStatusCode.NotFound, (await LookUpAsync(server, "203.0.113.2")).StatusCode);
    }

    [Fact]
    public async Task ForwardedFor_FromAnUntrustedAddress_IsIgnored()
    {
        await using var server = await HuddleServer.StartAsync(new Dictionary<string, string?>
        {
            ["Huddle:RateLimits:FailedLookupsPerMinute"] = "2",
            ["Huddle:Http:KnownProxies:0"] = "10.9.9.9",
        });
        Assert.Equal(HttpStatusCode.NotFound, (await LookUpAsync(server, "203.0.113.1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await LookUpAsync(server, "203.0.113.2")).StatusCode);
        await Problem.AssertAsync(await LookUpAsync(server, "203.0.113.3"), 429, "rate_limited");
    }

    [Fact]
    public async Task CodeBruteForce_IsStoppedByTheLimiter_EvenForAValidCode_OverRestAndTheHub()
    {
        await using var server = await HuddleServer.StartAsync(new Dictionary<string, string?> { ["Huddle:Http:KnownProxies:0"] = "10.9.9.9" });
        var session = await server.CreateSessionAsync();
        var tried = 0;
        HttpResponseMessage response;
        do
        {
            response = await server.Http.GetAsync($"/api/sessions/{Guess(tried++)}");
        }
        while (response.StatusCode == HttpStatusCode.NotFound && tried < 100);

        Assert.Equal(31, tried); // 30 failures a minute (SPEC §6), the 31st is refused
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        await Problem.AssertAsync(response, 429, "rate_limited");
        await Problem.AssertAsync(await server.Http.GetAsync($"/api/sessions/{session.Code}"), 429, "rate_limited");
        var client = await server.ConnectAsync();
        await client.RejectedAsync("rate_limited", "JoinSession", new { code = session.Code, name = "Guesser" });
    }

    [Fact]
    public async Task ParticipantToken_OfSessionA_CannotActInSessionB()
    {
        await using var server = await HuddleServer.StartAsync();
        var a = await server.CreateSessionAsync(hostName: "Alice");
        var (b, bHost) = await server.CreateAndJoinAsync();
        var version = (await bHost.SnapshotAsync()).GetProperty("session").Version();

        using var end = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{b.Code}/end");
        end.Headers.Add("X-Participant-Token", a.HostToken);
        await Problem.AssertAsync(await server.Http.SendAsync(end), 403, "not_allowed");

        var intruder = await server.ConnectAsync();
        await intruder.RejectedAsync("invalid_token", "JoinSession", new { code = b.Code, participantToken = a.HostToken });
        // With a name the token is ignored: a new member, never A's host.
        var joined = await intruder.JoinAsync(b.Code, "Intruder", a.HostToken);
        Assert.Equal("member", joined.GetProperty("you").Str("role"));
        Assert.NotEqual(a.HostToken, intruder.Token);
        await intruder.RejectedAsync("not_allowed", "EndSession");

        var snapshot = await bHost.SnapshotAsync();
        Assert.Equal("active", snapshot.GetProperty("session").Str("status"));
        Assert.Equal(version + 1, snapshot.GetProperty("session").Version()); // only the intruder's join
    }

    private static string Guess(int i) => "ZZZ" + "ABCDEFGHJKMNPQRSTUVWXYZ23456789"[i % 31] + "ABCDEFGHJKMNPQRSTUVWXYZ23456789"[i / 31 % 31] + "Q";

    private static Task<HttpResponseMessage> LookUpAsync(HuddleServer server, string clientIp)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/sessions/ZZZZZZ");
        request.Headers.Add("X-Forwarded-For", clientIp);
        return server.Http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PreflightAsync(HuddleServer server, string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return server.Http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> NegotiateAsync(HuddleServer server, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/session/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", origin);
        return server.Http.SendAsync(request);
    }
}
