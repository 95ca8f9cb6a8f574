using System.Net;
using System.Text;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Huddle.Server.Tests.Operations;

/// <summary>The HTTP edge: coded framework errors, body limit, security headers, hub binding errors.</summary>
public sealed class EdgeTests : ServerTest
{
    [Theory]
    [InlineData("GET", "/api/nope", null, 404, "not_found")]
    [InlineData("GET", "/api/sessions/ABCDEF/nope", null, 404, "not_found")]
    [InlineData("DELETE", "/api/sessions/ABCDEF", null, 405, "method_not_allowed")]
    [InlineData("PUT", "/api/sessions", "application/json", 405, "method_not_allowed")]
    [InlineData("POST", "/api/sessions", "text/plain", 415, "unsupported_media_type")]
    [InlineData("POST", "/api/sessions", "application/json", 400, "invalid_input")]
    public async Task FrameworkErrors_AreProblemDetails_WithACode(string method, string path, string? contentType, int status, string code)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (contentType is not null) request.Content = new StringContent("{not json", Encoding.UTF8, contentType);
        var response = await Server.Http.SendAsync(request);
        await Problem.AssertAsync(response, status, code);
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413_PayloadTooLarge_AndCreatesNothing()
    {
        var huge = JsonSerializer.Serialize(new { kind = "jam", hostName = "Big", title = new string('x', 70_000) });
        var response = await Server.Http.PostAsync("/api/sessions", new StringContent(huge, Encoding.UTF8, "application/json"));
        await Problem.AssertAsync(response, 413, "payload_too_large");

        var sessions = Server.Services.GetRequiredService<Huddle.Core.Application.SessionService>();
        Assert.Empty(sessions.ActiveSessions());
        var admin = await Server.Http.GetStringAsync("/metrics");
        Assert.Contains("huddle_sessions_active{kind=\"jam\"} 0", admin, StringComparison.Ordinal);

        // The same body under the limit is accepted: the refusal was the size, and it left no trace.
        var fits = JsonSerializer.Serialize(new { kind = "jam", hostName = "Big", title = "Small" });
        Assert.Equal(HttpStatusCode.Created, (await Server.Http.PostAsync("/api/sessions", new StringContent(fits, Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Single(sessions.ActiveSessions());
    }

    [Fact]
    public async Task EveryResponse_CarriesSecurityHeaders_AndTheDocsGetTheirOwnPolicy()
    {
        foreach (var path in new[] { "/", "/api/songs?limit=1", "/healthz", "/api/nope" })
        {
            var response = await Server.Http.GetAsync(path);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        }

        var docs = await Server.Http.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("'unsafe-inline'", docs.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubCalls_WithWrongArguments_OrToUnknownMethods_AreRejectedWithCodes_AndChangeNothing()
    {
        var (_, host) = await Server.CreateAndJoinAsync();
        var version = (await host.SnapshotAsync()).GetProperty("session").Version();

        await host.RejectedAsync("invalid_arguments", "PlayNext", new { extra = 1 });
        await host.RejectedAsync("invalid_arguments", "Vote", new { itemId = "x", value = 1 }, new { again = true });
        await host.RejectedAsync("invalid_input", "Vote", "not an object");
        await host.RejectedAsync("unknown_method", "NoSuchMethod", new { });
        await host.RejectedAsync("unknown_method", "OnDisconnectedAsync");

        Assert.Equal(version, (await host.SnapshotAsync()).GetProperty("session").Version());
        Assert.Equal(HubConnectionState.Connected, host.Connection.State);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(1_000)]
    [InlineData(10_000)]
    public async Task HubArguments_NestedPast64Levels_AreInvalidArguments_AndTheConnectionStaysOpen(int levels)
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var version = (await host.SnapshotAsync()).GetProperty("session").Version();
        await using var caller = await Fuzz.RawHubClient.ConnectAsync(Server.BaseUri);
        Assert.Null((await caller.InvokeAsync("JoinSession", JsonSerializer.Serialize(new { code = session.Code, name = "Deep" }))).Error);

        var answer = await caller.InvokeAsync("AddToQueue", Fuzz.Hostile.DeepArray(levels));
        Assert.Equal("invalid_arguments", TestClient.ErrorCode(answer.Error!));
        var deepObject = "{\"catalogId\":" + Fuzz.Hostile.DeepArray(levels) + "}";
        Assert.Equal("invalid_arguments", TestClient.ErrorCode((await caller.InvokeAsync("AddToQueue", deepObject)).Error!));

        // Still open and usable, and nothing changed.
        Assert.True(caller.Open);
        Assert.Equal(version + 1, (await caller.InvokeAsync("GetSnapshot")).Result!.Value.GetProperty("session").Version()); // + its own join
        Assert.Equal(HubConnectionState.Connected, host.Connection.State);
    }

    [Fact]
    public async Task RestBodies_NestedPast64Levels_AreInvalidInput_AndCreateNothing()
    {
        foreach (var levels in new[] { 65, 1_000, 30_000 })
        {
            var body = "{\"kind\":\"jam\",\"hostName\":\"Deep\",\"settings\":" + Fuzz.Hostile.DeepArray(levels) + "}";
            var response = await Server.Http.PostAsync("/api/sessions", new StringContent(body, Encoding.UTF8, "application/json"));
            await Problem.AssertAsync(response, 400, "invalid_input");
        }

        Assert.Empty(Server.Services.GetRequiredService<Huddle.Core.Application.SessionService>().ActiveSessions());
    }

    [Fact]
    public async Task HubMessage_Over32KB_ClosesOnlyThatConnection()
    {
        var (session, host) = await Server.CreateAndJoinAsync();
        var bystander = await Server.JoinAsync(session.Code, "Bystander");
        var attacker = await Server.JoinAsync(session.Code, "Attacker");
        var closed = new TaskCompletionSource();
        attacker.Connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        await Assert.ThrowsAnyAsync<Exception>(() => attacker.Connection.InvokeAsync("Broadcast", new { eventName = "big", data = new string('x', 40_000) }));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(HubConnectionState.Connected, bystander.Connection.State);
        Assert.Equal(HubConnectionState.Connected, host.Connection.State);
        Assert.True(await bystander.Connection.InvokeAsync<long>("Ping") > 0);
        await bystander.Send("Broadcast", new { eventName = "still-here", data = 1 });
        await host.WaitFor("event", e => e.Str("eventName") == "still-here");
    }
}

public static class Problem
{
    public static async Task AssertAsync(HttpResponseMessage response, int status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, problem.Str("code"));
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
    }
}
