using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Core.Application;
using Huddle.Server.Music.Spotify;
using Huddle.Server.Tests.Infrastructure;
using Huddle.Server.Tests.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Huddle.Server.Tests.Music;

/// <summary>
/// A jam played on the host's own Spotify account, against the Spotify stand-in: the PKCE link over
/// real HTTP, search → queue → playback on the host's device, and every way Spotify fails. The server
/// runs on a fake clock, so positions are exact and Retry-After passes only when a test says so.
/// </summary>
public sealed class SpotifyTests : IAsyncLifetime, IDisposable
{
    private static readonly StandInTrack Brightside = SpotifyStandIn.Tracks[2];
    private static readonly StandInTrack Cydonia = SpotifyStandIn.Tracks[1];
    private static readonly StandInTrack Lights = SpotifyStandIn.Tracks[3];

    private readonly FakeTimeProvider _time = new(FakeClockTest.Start);
    private readonly CapturingLoggerProvider _logs = new(LogLevel.Trace);
    private readonly HttpClient _browser = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private SpotifyStandIn _spotify = null!;
    private HuddleServer _server = null!;

    public async Task InitializeAsync()
    {
        _spotify = await SpotifyStandIn.StartAsync();
        _server = await HuddleServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Huddle:Spotify:ClientId"] = SpotifyStandIn.ClientId,
                ["Huddle:Spotify:AccountsBaseUrl"] = _spotify.BaseUrl,
                ["Huddle:Spotify:ApiBaseUrl"] = _spotify.BaseUrl,
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft"] = "Trace",
                ["Logging:LogLevel:System"] = "Trace",
            },
            _time,
            b => b.Logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _spotify.DisposeAsync();
    }

    public void Dispose()
    {
        _browser.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task Link_OverRealHttp_WithPkce_ShowsTheAccountAndDeviceToTheHost()
    {
        var (session, _) = await _server.CreateAndJoinAsync();
        var before = await StatusAsync(session);
        Assert.True(before.GetProperty("configured").GetBoolean());
        Assert.False(before.GetProperty("linked").GetBoolean());

        var authorize = new Uri(await StartLinkAsync(session));
        Assert.StartsWith(_spotify.BaseUrl + "/authorize?", authorize.ToString(), StringComparison.Ordinal);
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString(new Uri(_server.BaseUri, SpotifyApi.CallbackPath).ToString()), authorize.Query, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", authorize.Query, StringComparison.Ordinal);
        var landing = await FollowConsentAsync(authorize);

        Assert.Equal($"/s/{session.Code}?spotify=linked", landing);
        Assert.Equal(["authorization_code"], _spotify.TokenGrants); // the stand-in checked S256(verifier) == challenge
        var status = await StatusAsync(session);
        Assert.True(status.GetProperty("linked").GetBoolean());
        Assert.Equal("DJ Stand-in", status.Str("account"));
        Assert.Equal("premium", status.Str("product"));
        Assert.Equal("Living room speaker", status.Str("device"));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("problem").ValueKind);
    }

    [Fact]
    public async Task Callback_WithAReplayedUnknownOrSupersededState_IsRefused_AndLinksNothing()
    {
        var (session, _) = await _server.CreateAndJoinAsync();
        var first = await StartLinkAsync(session);
        var second = await StartLinkAsync(session); // a second press: the first authorization is void
        var staleCallback = await ConsentAsync(new Uri(first));

        await AssertProblemAsync(await _browser.GetAsync(staleCallback), HttpStatusCode.BadRequest, "spotify_link_invalid");
        await AssertProblemAsync(await _browser.GetAsync(new Uri(_server.BaseUri, $"{SpotifyApi.CallbackPath}?code=abc&state=made-up")),
            HttpStatusCode.BadRequest, "spotify_link_invalid");
        await AssertProblemAsync(await _browser.GetAsync(new Uri(_server.BaseUri, SpotifyApi.CallbackPath)), HttpStatusCode.BadRequest, "spotify_link_invalid");
        Assert.Empty(_spotify.TokenGrants);
        Assert.False((await StatusAsync(session)).GetProperty("linked").GetBoolean());

        var callback = await ConsentAsync(new Uri(second));
        Assert.Equal($"/s/{session.Code}?spotify=linked", (await _browser.GetAsync(callback)).Headers.Location?.ToString());
        await AssertProblemAsync(await _browser.GetAsync(callback), HttpStatusCode.BadRequest, "spotify_link_invalid"); // single use
        Assert.Equal(["authorization_code"], _spotify.TokenGrants);
    }

    [Fact]
    public async Task DeniedConsent_GoesBackToTheSession_Unlinked()
    {
        var (session, _) = await _server.CreateAndJoinAsync();
        _spotify.Consents = false;

        var landing = await FollowConsentAsync(new Uri(await StartLinkAsync(session)));

        Assert.Equal($"/s/{session.Code}?spotify=denied", landing);
        Assert.Empty(_spotify.TokenGrants);
        Assert.False((await StatusAsync(session)).GetProperty("linked").GetBoolean());
    }

    [Fact]
    public async Task HostEndpoints_RefuseGuestsAndStrangers_SearchRefusesBadInput_AndNothingChanges()
    {
        var (session, _) = await _server.CreateAndJoinAsync();
        var guest = await _server.JoinAsync(session.Code, "Guest");
        var url = $"/api/sessions/{session.Code}/spotify";

        foreach (var token in new[] { guest.Token, "", "not-a-token" })
        {
            await AssertProblemAsync(await SendAsync(HttpMethod.Post, url + "/link", token), HttpStatusCode.Forbidden, "not_allowed");
            await AssertProblemAsync(await SendAsync(HttpMethod.Delete, url + "/link", token), HttpStatusCode.Forbidden, "not_allowed");
        }

        await AssertProblemAsync(await SendAsync(HttpMethod.Get, url, ""), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await SendAsync(HttpMethod.Get, url, "not-a-token"), HttpStatusCode.Forbidden, "not_allowed");

        await AssertProblemAsync(await SendAsync(HttpMethod.Post, "/api/sessions/ZZZZZZ/spotify/link", session.HostToken), HttpStatusCode.NotFound, "session_not_found");
        await AssertProblemAsync(await SendAsync(HttpMethod.Get, url + "/search?q=muse", ""), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await SendAsync(HttpMethod.Get, url + "/search?q=muse", guest.Token), HttpStatusCode.Conflict, "spotify_not_linked");
        await AssertProblemAsync(await SendAsync(HttpMethod.Delete, url + "/link", session.HostToken), HttpStatusCode.Conflict, "spotify_not_linked");

        await LinkAsync(session);
        foreach (var bad in new[] { "", "%20%20", new string('a', 101), "mu%00se", "mu%0Ase", "mu%E2%80%8Ese%1B" })
            await AssertProblemAsync(await SendAsync(HttpMethod.Get, $"{url}/search?q={bad}", guest.Token), HttpStatusCode.BadRequest, "invalid_input");
        await AssertProblemAsync(await SendAsync(HttpMethod.Get, $"{url}/search?q=muse&limit=0", guest.Token), HttpStatusCode.BadRequest, "invalid_input");
        await AssertProblemAsync(await SendAsync(HttpMethod.Get, $"{url}/search?q=muse&limit=51", guest.Token), HttpStatusCode.BadRequest, "invalid_input");
        Assert.Empty(_spotify.SearchQueries);

        // The guest's refused unlink left the link in place; the guest sees that search is on, not whose account it is.
        Assert.True((await StatusAsync(session)).GetProperty("linked").GetBoolean());
        var seen = await (await SendAsync(HttpMethod.Get, url, guest.Token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(seen.GetProperty("linked").GetBoolean());
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("account").ValueKind);
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("device").ValueKind);
    }

    [Fact]
    public async Task SearchAddAndPlay_SpotifyFollowsPlayPauseSeekNextAndAutoAdvance()
    {
        var (session, host) = await _server.CreateAndJoinAsync();
        var guest = await _server.JoinAsync(session.Code, "Guest");
        await LinkAsync(session);

        var found = await SearchAsync(session, guest.Token, "brightside");
        var song = Assert.Single(found.EnumerateArray());
        Assert.Equal(Brightside.SongId, song.Str("id"));
        Assert.Equal("Mr. Brightside", song.Str("title"));
        Assert.Equal("The Killers", song.Str("artist"));
        Assert.Equal("Hot Fuss", song.Str("album"));
        Assert.Equal(2004, song.GetProperty("year").GetInt32());
        Assert.Equal(223, song.GetProperty("durationSeconds").GetInt32());
        Assert.Equal($"https://i.scdn.co/image/{Brightside.Id}-640", song.Str("coverUrl"));
        await SearchAsync(session, guest.Token, "muse");
        await SearchAsync(session, guest.Token, "weeknd");

        // The normal add path: the queue holds Huddle's items, with votes.
        var first = await guest.AddAsync(Brightside.SongId);
        await guest.AddAsync(Cydonia.SongId);
        await guest.AddAsync(Lights.SongId);
        await guest.Send("Vote", new { itemId = first, value = 1 });

        await host.Send("PlayNext");
        Assert.Equal(new PlayerCall("play", Brightside.Uri, 0, null), await _spotify.NextPlayerCallAsync());

        // Spotify has the call, Huddle may still wait for its answer: the clock moves only once it came
        // (ten seconds at once would time the call out; AnAnswerThatNeverCame_... covers that).
        await SettledAsync(session);
        _time.Advance(TimeSpan.FromSeconds(10));
        await host.Send("UpdatePlayback", new { isPlaying = false, positionSeconds = 10.0 });
        Assert.Equal(new PlayerCall("pause", null, null, null), await _spotify.NextPlayerCallAsync());

        await host.Send("UpdatePlayback", new { isPlaying = true, positionSeconds = 10.0 });
        Assert.Equal(new PlayerCall("play", Brightside.Uri, 10_000, null), await _spotify.NextPlayerCallAsync());

        await host.Send("UpdatePlayback", new { isPlaying = true, positionSeconds = 95.5 });
        Assert.Equal(new PlayerCall("seek", null, 95_500, null), await _spotify.NextPlayerCallAsync());

        await host.Send("PlayNext");
        Assert.Equal(new PlayerCall("play", Cydonia.Uri, 0, null), await _spotify.NextPlayerCallAsync());

        // The song ends on the server's clock: the engine advances, Spotify follows.
        await SettledAsync(session);
        _time.Advance(TimeSpan.FromSeconds(367));
        await _server.RunDueWorkAsync();
        Assert.Equal(new PlayerCall("play", Lights.Uri, 0, null), await _spotify.NextPlayerCallAsync());
        await SettledAsync(session);
        Assert.Equal(0, _spotify.UnreadPlayerCalls);
    }

    [Fact]
    public async Task AnAnswerThatNeverCame_TheNextChangeIsSentInFull_SoAPauseIsNotLost()
    {
        var (session, host) = await PlayWithAnAnswerThatNeverComesAsync();
        Assert.Equal("spotify_unavailable", (await StatusAsync(session)).GetProperty("problem").Str("code"));

        // The host pauses: Spotify plays, whatever Huddle last heard, so it is told to pause.
        await host.Send("UpdatePlayback", new { isPlaying = false, positionSeconds = 10.0 });
        Assert.Equal(new PlayerCall("pause", null, null, null), await _spotify.NextPlayerCallAsync());
        await SettledAsync(session);
        Assert.Equal(JsonValueKind.Null, (await StatusAsync(session)).GetProperty("problem").ValueKind);

        // Huddle knows again: resuming plays at the session's position, the next change only what changed.
        await host.Send("UpdatePlayback", new { isPlaying = true, positionSeconds = 10.0 });
        Assert.Equal(new PlayerCall("play", Brightside.Uri, 10_000, null), await _spotify.NextPlayerCallAsync());
        await host.Send("UpdatePlayback", new { isPlaying = true, positionSeconds = 60.0 });
        Assert.Equal(new PlayerCall("seek", null, 60_000, null), await _spotify.NextPlayerCallAsync());
        await SettledAsync(session);
        Assert.Equal(0, _spotify.UnreadPlayerCalls);
    }

    [Fact]
    public async Task AfterAnUnansweredCall_SpotifyRefusingToPauseAPausedPlayer_IsNoProblem()
    {
        var (session, host) = await PlayWithAnAnswerThatNeverComesAsync();

        // Spotify never started (or was paused meanwhile): it refuses the pause, as it does for a paused player.
        _spotify.AnswerNextWith(403, "UNKNOWN");
        await host.Send("UpdatePlayback", new { isPlaying = false, positionSeconds = 10.0 });
        await SettledAsync(session);
        Assert.Equal(JsonValueKind.Null, (await StatusAsync(session)).GetProperty("problem").ValueKind);

        // Huddle now knows Spotify is paused: another pause sends nothing, resuming plays.
        var requests = _spotify.ApiRequests;
        await host.Send("UpdatePlayback", new { isPlaying = false, positionSeconds = 10.5 });
        await SettledAsync(session);
        Assert.Equal(requests, _spotify.ApiRequests);
        await host.Send("UpdatePlayback", new { isPlaying = true, positionSeconds = 10.0 });
        Assert.Equal(new PlayerCall("play", Brightside.Uri, 10_000, null), await _spotify.NextPlayerCallAsync());
    }

    [Fact]
    public async Task AnExpiredAccessToken_IsRefreshedOnce_AndTheCallGoesThrough()
    {
        var (session, host) = await _server.CreateAndJoinAsync();
        await LinkAsync(session);
        await host.AddAsync((await SearchAsync(session, session.HostToken, "muse"))[0].Str("id"));
        _spotify.ExpireAccessTokens();

        await host.Send("PlayNext");

        Assert.Equal(new PlayerCall("play", Cydonia.Uri, 0, null), await _spotify.NextPlayerCallAsync());
        await SettledAsync(session); // Spotify answered and Huddle took note
        Assert.Equal(["authorization_code", "refresh_token"], _spotify.TokenGrants);
        Assert.Equal(JsonValueKind.Null, (await StatusAsync(session)).GetProperty("problem").ValueKind);
    }

    [Fact]
    public async Task RevokedConsent_TellsTheHostToLinkAgain_AndTheSessionKeepsWorking()
    {
        var (session, host) = await _server.CreateAndJoinAsync();
        var guest = await _server.JoinAsync(session.Code, "Guest");
        await LinkAsync(session);
        await guest.AddAsync((await SearchAsync(session, guest.Token, "muse"))[0].Str("id"));
        await guest.AddAsync((await SearchAsync(session, guest.Token, "weeknd"))[0].Str("id"));
        _spotify.RevokeConsent();

        await host.Send("PlayNext");
        await SettledAsync(session);

        var status = await StatusAsync(session);
        Assert.False(status.GetProperty("linked").GetBoolean());
        Assert.Equal("spotify_unlinked", status.GetProperty("problem").Str("code"));
        Assert.Contains("Link Spotify", status.GetProperty("problem").Str("message"), StringComparison.Ordinal);
        Assert.Empty(_spotify.PlayerCalls);

        // Huddle's own playback goes on; nothing more is sent to Spotify.
        var requests = _spotify.ApiRequests;
        await host.Send("UpdatePlayback", new { isPlaying = false, positionSeconds = 3.0 });
        await host.Send("PlayNext");
        var now = await host.WaitFor("nowPlaying", e => e.GetProperty("item").Str("catalogId") == Lights.SongId);
        Assert.Equal("next", now.Str("reason"));
        await SettledAsync(session);
        Assert.Equal(requests, _spotify.ApiRequests);
        await AssertProblemAsync(await SendAsync(HttpMethod.Get, $"/api/sessions/{session.Code}/spotify/search?q=muse", guest.Token),
            HttpStatusCode.Conflict, "spotify_not_linked");
    }

    [Fact]
    public async Task NoActiveDevice_PlaysOnTheAccountsAvailableDevice()
    {
        _spotify.Devices[0] = ("dev-phone", "Phone", false);
        var (session, host) = await _server.CreateAndJoinAsync();
        await LinkAsync(session);
        Assert.Equal("spotify_no_device", (await StatusAsync(session)).GetProperty("problem").Str("code"));
        await host.AddAsync((await SearchAsync(session, session.HostToken, "muse"))[0].Str("id"));

        await host.Send("PlayNext");

        Assert.Equal(new PlayerCall("play", Cydonia.Uri, 0, "dev-phone"), await _spotify.NextPlayerCallAsync());
        await SettledAsync(session);
        var status = await StatusAsync(session);
        Assert.Equal("Phone", status.Str("device"));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("problem").ValueKind);
    }

    [Fact]
    public async Task NoDeviceAtAll_TellsTheHostToOpenSpotify_AndTheSessionKeepsWorking()
    {
        _spotify.Devices.Clear();
        var (session, host) = await _server.CreateAndJoinAsync();
        await LinkAsync(session);
        await host.AddAsync((await SearchAsync(session, session.HostToken, "muse"))[0].Str("id"));

        await host.Send("PlayNext");
        await SettledAsync(session);

        var problem = (await StatusAsync(session)).GetProperty("problem");
        Assert.Equal("spotify_no_device", problem.Str("code"));
        Assert.Contains("open Spotify", problem.Str("message"), StringComparison.Ordinal);
        Assert.Empty(_spotify.PlayerCalls);

        // The host opens Spotify on a speaker; the next change plays there.
        _spotify.Devices.Add(("dev-kitchen", "Kitchen", true));
        await host.Send("UpdatePlayback", new { isPlaying = true, positionSeconds = 12.0 });
        Assert.Equal(new PlayerCall("play", Cydonia.Uri, 12_000, null), await _spotify.NextPlayerCallAsync());
        await SettledAsync(session);
        Assert.Equal(JsonValueKind.Null, (await StatusAsync(session)).GetProperty("problem").ValueKind);
    }

    [Fact]
    public async Task AFreeAccount_IsToldPremiumIsRequired_SearchStillWorks_AndTheSessionKeepsWorking()
    {
        _spotify.Product = "free";
        var (session, host) = await _server.CreateAndJoinAsync();
        await LinkAsync(session);
        Assert.Equal("spotify_premium_required", (await StatusAsync(session)).GetProperty("problem").Str("code"));
        await host.AddAsync((await SearchAsync(session, session.HostToken, "muse"))[0].Str("id"));

        await host.Send("PlayNext");
        await SettledAsync(session);

        var status = await StatusAsync(session);
        Assert.True(status.GetProperty("linked").GetBoolean());
        Assert.Equal("free", status.Str("product"));
        Assert.Equal("spotify_premium_required", status.GetProperty("problem").Str("code"));
        Assert.Empty(_spotify.PlayerCalls);
        await host.Send("UpdatePlayback", new { isPlaying = false, positionSeconds = 1.0 });
    }

    [Fact]
    public async Task RateLimited_NothingIsSentBeforeRetryAfter_ThenTheLatestStateIs()
    {
        var (session, host) = await _server.CreateAndJoinAsync();
        var guest = await _server.JoinAsync(session.Code, "Guest");
        await LinkAsync(session);
        await host.AddAsync((await SearchAsync(session, guest.Token, "muse"))[0].Str("id"));
        _spotify.AnswerNextWith(429, retryAfterSeconds: 30);

        await host.Send("PlayNext");
        await SettledAsync(session);

        var problem = (await StatusAsync(session)).GetProperty("problem");
        Assert.Equal("spotify_rate_limited", problem.Str("code"));
        Assert.Equal(FakeClockTest.Start.AddSeconds(30).ToUnixTimeMilliseconds(), problem.GetProperty("retryAt").GetInt64());
        var requests = _spotify.ApiRequests;

        // While Spotify asked to wait: the host seeks, a guest searches; Spotify hears nothing.
        _time.Advance(TimeSpan.FromSeconds(10));
        await host.Send("UpdatePlayback", new { isPlaying = true, positionSeconds = 20.0 });
        await SettledAsync(session);
        var search = await SendAsync(HttpMethod.Get, $"/api/sessions/{session.Code}/spotify/search?q=muse", guest.Token);
        var refused = await AssertProblemAsync(search, HttpStatusCode.TooManyRequests, "spotify_rate_limited");
        Assert.Equal(20, refused.GetProperty("retryAfterSeconds").GetInt32());
        _time.Advance(TimeSpan.FromSeconds(19));
        await SettledAsync(session);
        Assert.Equal(requests, _spotify.ApiRequests);
        Assert.Empty(_spotify.PlayerCalls);

        // Retry-After passed: one call with the session's state as of then.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new PlayerCall("play", Cydonia.Uri, 40_000, null), await _spotify.NextPlayerCallAsync());
        await SettledAsync(session);
        Assert.Equal(JsonValueKind.Null, (await StatusAsync(session)).GetProperty("problem").ValueKind);
    }

    [Fact]
    public async Task Unlink_ForgetsTheAccount_AndSpotifyIsNoLongerTold()
    {
        var (session, host) = await _server.CreateAndJoinAsync();
        await LinkAsync(session);
        await host.AddAsync((await SearchAsync(session, session.HostToken, "muse"))[0].Str("id"));

        var response = await SendAsync(HttpMethod.Delete, $"/api/sessions/{session.Code}/spotify/link", session.HostToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False((await StatusAsync(session)).GetProperty("linked").GetBoolean());
        var requests = _spotify.ApiRequests;
        await host.Send("PlayNext");
        await host.WaitFor("nowPlaying");
        Assert.Equal(requests, _spotify.ApiRequests);
        Assert.Null(_server.Services.GetRequiredService<SpotifyLinks>().Get(await SessionIdAsync(session)));
    }

    [Fact]
    public async Task EndingTheSession_ForgetsItsSpotifyTokens()
    {
        var (session, _) = await _server.CreateAndJoinAsync();
        await LinkAsync(session);
        var links = _server.Services.GetRequiredService<SpotifyLinks>();
        var id = await SessionIdAsync(session);
        Assert.NotNull(links.Get(id));

        var ended = await SendAsync(HttpMethod.Post, $"/api/sessions/{session.Code}/end", session.HostToken);

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Null(links.Get(id));
    }

    [Fact]
    public async Task NoToken_EverReachesAClientOrTheLog()
    {
        var (session, host) = await _server.CreateAndJoinAsync();
        var guest = await _server.JoinAsync(session.Code, "Guest");
        var bodies = new List<string> { await StartLinkAsync(session) };
        await FollowConsentAsync(new Uri(bodies[0]));
        _spotify.ExpireAccessTokens(); // a refresh too
        var search = await SendAsync(HttpMethod.Get, $"/api/sessions/{session.Code}/spotify/search?q=muse", guest.Token);
        bodies.Add(await search.Content.ReadAsStringAsync());
        await guest.AddAsync(Cydonia.SongId);
        await host.Send("PlayNext");
        await _spotify.NextPlayerCallAsync();
        bodies.Add((await StatusAsync(session)).GetRawText());
        bodies.Add((await guest.SnapshotAsync()).GetRawText());
        bodies.Add((await host.SnapshotAsync()).GetRawText());
        bodies.AddRange(guest.Events.Concat(host.Events).Select(e => e.Payload.GetRawText()));
        bodies.Add(await _server.Http.GetStringAsync($"/api/sessions/{session.Code}"));
        bodies.Add(await _server.Http.GetStringAsync($"/api/songs/{Cydonia.SongId}"));

        Assert.Equal(3, _spotify.IssuedTokens.Count); // the first access token, the refresh token, the refreshed access token
        var logText = string.Join('\n', _logs.Entries.Select(e => e.Text + e.Exception));
        Assert.Contains("Spotify linked", logText, StringComparison.Ordinal);
        foreach (var token in _spotify.IssuedTokens)
        {
            Assert.DoesNotContain(token, logText, StringComparison.Ordinal);
            Assert.All(bodies, body => Assert.DoesNotContain(token, body, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AServerWithoutAClientId_OffersNoSpotify()
    {
        await using var plain = await HuddleServer.StartAsync();
        var session = await plain.CreateSessionAsync();

        using var status = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session.Code}/spotify");
        status.Headers.Add("X-Participant-Token", session.HostToken);
        var body = await (await plain.Http.SendAsync(status)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("configured").GetBoolean());
        using var link = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.Code}/spotify/link");
        link.Headers.Add("X-Participant-Token", session.HostToken);
        await AssertProblemAsync(await plain.Http.SendAsync(link), HttpStatusCode.NotFound, "spotify_not_configured");
    }

    [Fact]
    public async Task ABadSpotifySetting_StopsTheServerAtStart_NamingIt()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => HuddleServer.StartAsync(new Dictionary<string, string?>
        {
            ["Huddle:Spotify:ClientId"] = SpotifyStandIn.ClientId,
            ["Huddle:Spotify:ApiBaseUrl"] = "ftp://api.spotify.com",
        }));

        Assert.Contains("Huddle:Spotify: ApiBaseUrl must be an absolute http(s) URL.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A linked session plays Mr. Brightside: Spotify starts it, but its answer never reaches Huddle and
    /// the call times out (the stand-in answers once it is disposed). Returns once the follower gave up.
    /// </summary>
    private async Task<(CreatedSession Session, TestClient Host)> PlayWithAnAnswerThatNeverComesAsync()
    {
        var (session, host) = await _server.CreateAndJoinAsync();
        await LinkAsync(session);
        await SearchAsync(session, session.HostToken, "brightside");
        await host.AddAsync(Brightside.SongId);
        _spotify.HoldNextPlayerCall();
        await host.Send("PlayNext");
        Assert.Equal(new PlayerCall("play", Brightside.Uri, 0, null), await _spotify.NextPlayerCallAsync());
        _time.Advance(TimeSpan.FromSeconds(10)); // past Huddle:Spotify:Timeout (5 s) on the server's clock
        await SettledAsync(session);
        return (session, host);
    }

    private async Task<JsonElement> StatusAsync(CreatedSession session) =>
        await (await SendAsync(HttpMethod.Get, $"/api/sessions/{session.Code}/spotify", session.HostToken)).Content.ReadFromJsonAsync<JsonElement>();

    private async Task<string> StartLinkAsync(CreatedSession session)
    {
        var response = await SendAsync(HttpMethod.Post, $"/api/sessions/{session.Code}/spotify/link", session.HostToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("authorizeUrl");
    }

    /// <summary>The browser at Spotify's consent page: where Spotify sends it back (Huddle's callback).</summary>
    private async Task<Uri> ConsentAsync(Uri authorize)
    {
        var response = await _browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>Consent, then the callback: where Huddle sends the browser at the end.</summary>
    private async Task<string> FollowConsentAsync(Uri authorize)
    {
        var callback = await ConsentAsync(authorize);
        Assert.Equal(new Uri(_server.BaseUri, SpotifyApi.CallbackPath).AbsoluteUri, callback.GetLeftPart(UriPartial.Path));
        var response = await _browser.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    private async Task LinkAsync(CreatedSession session)
    {
        Assert.Equal($"/s/{session.Code}?spotify=linked", await FollowConsentAsync(new Uri(await StartLinkAsync(session))));
        await SettledAsync(session);
    }

    private async Task<JsonElement> SearchAsync(CreatedSession session, string token, string q)
    {
        var response = await SendAsync(HttpMethod.Get, $"/api/sessions/{session.Code}/spotify/search?q={Uri.EscapeDataString(q)}", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string token)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token.Length > 0) request.Headers.Add("X-Participant-Token", token);
        return await _server.Http.SendAsync(request);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(status == response.StatusCode, $"{response.StatusCode} {body}");
        Assert.Equal(code, body.Str("code"));
        return body;
    }

    /// <summary>The awaited signal that the follower acted on every change so far (or waits for Retry-After).</summary>
    private async Task SettledAsync(CreatedSession session)
    {
        if (_server.Services.GetRequiredService<SpotifyLinks>().Get(await SessionIdAsync(session)) is { } link)
            await link.SettledAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    private Task<Guid> SessionIdAsync(CreatedSession session) =>
        _server.Services.GetRequiredService<SessionService>().ReadByCodeAsync(session.Code, s => (object)s.Id, CancellationToken.None)
            .ContinueWith(t => (Guid)t.Result!, TaskScheduler.Default);
}
