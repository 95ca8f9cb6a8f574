using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Huddle.Server.Tests.Operations;

/// <summary>
/// Links the server writes never follow a forged Host header; answers carrying a secret are never
/// cached; no server fingerprint; a GET to a POST-only route is a 405, not a failed code lookup.
/// </summary>
public sealed class LinksAndHeadersTests() : ServerTest(new Dictionary<string, string?> { ["Huddle:RateLimits:FailedLookupsPerMinute"] = "2" })
{
    [Fact]
    public async Task AForgedHostHeader_IsRefused_BeforeAnyLinkIsWritten_AndCreatesNothing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(new { kind = "jam", hostName = "Eve" }) };
        request.Headers.Host = "evil.example";

        var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("evil.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Server.Services.GetRequiredService<Huddle.Core.Application.SessionService>().ActiveSessions());
    }

    [Fact]
    public async Task QrCode_WhoseLinkFollowsTheRequestHost_IsNotSharedAcrossHosts()
    {
        var session = await Server.CreateSessionAsync();

        var qr = await Server.Http.GetAsync($"/api/sessions/{session.Code}/qr");

        Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
        Assert.True(qr.Headers.CacheControl!.Private);
        Assert.False(qr.Headers.CacheControl.Public);
        Assert.Contains("Host", qr.Headers.Vary);
    }

    [Fact]
    public async Task ResponsesCarryingATokenOrJwt_AreNotStored_AndNoResponseNamesTheServer()
    {
        var create = await Server.Http.PostAsJsonAsync("/api/sessions", new { kind = "jam", hostName = "Host" });
        var register = await Server.Http.PostAsJsonAsync("/api/auth/register", new { email = "nostore@example.com", password = "no store pass 1" });
        var login = await Server.Http.PostAsJsonAsync("/api/auth/login", new { email = "nostore@example.com", password = "no store pass 1" });
        var negotiate = await Server.Http.PostAsync("/hubs/session/negotiate?negotiateVersion=1", null);
        var loginRefused = await Server.Http.PostAsJsonAsync("/api/auth/login", new { email = "nostore@example.com", password = "wrong password 1" });

        foreach (var (response, status) in new[] { (create, 201), (register, 201), (login, 200), (negotiate, 200), (loginRefused, 401) })
        {
            Assert.Equal(status, (int)response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri} must send Cache-Control: no-store");
        }

        foreach (var response in new[] { create, login, negotiate, await Server.Http.GetAsync("/"), await Server.Http.GetAsync("/api/nope") })
            Assert.False(response.Headers.Contains("Server"), $"{response.RequestMessage!.RequestUri} names the server");
    }

    [Theory]
    [InlineData("/api/sessions/book", "POST")]
    [InlineData("/api/auth/login", "POST")]
    [InlineData("/api/sessions/ABCDEF/end", "POST")]
    [InlineData("/api/sessions", "POST")]
    public async Task GetOnAPostOnlyRoute_Is405_WithAllow(string path, string allow)
    {
        var response = await Server.Http.GetAsync(path);

        await Problem.AssertAsync(response, 405, "method_not_allowed");
        Assert.Equal([allow], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task WordsUnderSessions_AreNotReadAsCodes_AndDoNotSpendTheFailedLookupBudget()
    {
        var session = await Server.CreateSessionAsync();

        // The budget is 2 failed lookups a minute: three misreads would have locked this client out.
        foreach (var path in new[] { "/api/sessions/book", "/api/sessions/book", "/api/sessions/booking/qr", "/api/sessions/ABC1EF" })
            Assert.True((int)(await Server.Http.GetAsync(path)).StatusCode is 404 or 405, path);

        var found = await Server.Http.GetAsync($"/api/sessions/{session.Code.ToLowerInvariant()}");
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(session.Code, (await found.Content.ReadFromJsonAsync<JsonElement>()).Str("code"));
    }
}

/// <summary>With <c>Huddle:PublicBaseUrl</c> every link names it, whatever Host the request carried.</summary>
public sealed class PublicBaseUrlTests() : ServerTest(new Dictionary<string, string?>
{
    ["Huddle:PublicBaseUrl"] = "https://huddle.example.org/",
    ["AllowedHosts"] = "*",
})
{
    [Fact]
    public async Task Links_UseThePublicBaseUrl_NotTheHostHeader_AndTheQrMayBeSharedByCaches()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(new { kind = "jam", hostName = "Eve" }) };
        request.Headers.Host = "evil.example";
        var created = await (await Server.Http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        var code = created.Str("code");

        using var summary = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{code}");
        summary.Headers.Host = "evil.example";
        var qr = await Server.Http.GetAsync($"/api/sessions/{code}/qr");

        Assert.Equal($"https://huddle.example.org/join/{code}", created.Str("joinUrl"));
        Assert.Equal($"https://huddle.example.org/join/{code}", (await (await Server.Http.SendAsync(summary)).Content.ReadFromJsonAsync<JsonElement>()).Str("joinUrl"));
        Assert.True(qr.Headers.CacheControl!.Public);
        Assert.Empty(qr.Headers.Vary);
    }
}
