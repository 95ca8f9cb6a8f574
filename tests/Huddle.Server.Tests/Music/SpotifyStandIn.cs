using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Huddle.Server.Tests.Music;

/// <summary>
/// A local stand-in for Spotify: the accounts service (<c>/authorize</c>, <c>/api/token</c> with
/// PKCE: the S256 of the verifier must equal the challenge sent to /authorize, codes are single use,
/// refresh tokens can be revoked) and the Web API calls Huddle makes (<c>/v1/me</c>, <c>/v1/search</c>,
/// <c>/v1/me/player/devices</c>, <c>PUT /v1/me/player/play|pause|seek</c>), with Spotify's documented
/// answer and error shapes: 401 for an expired token, 403 <c>PREMIUM_REQUIRED</c>, 404
/// <c>NO_ACTIVE_DEVICE</c>, 429 with Retry-After. A real Kestrel server on a loopback port; it records
/// every player call, and a test awaits them (<see cref="NextPlayerCallAsync"/>).
/// </summary>
public sealed class SpotifyStandIn : IAsyncDisposable
{
    public const string ClientId = "standinclientid0123456789abcdef";

    public static readonly IReadOnlyList<StandInTrack> Tracks =
    [
        new("4uLU6hMCjMI75M1A2tKUQC", "Never Gonna Give You Up", "Rick Astley", "Whenever You Need Somebody", "1987-11-12", 213573),
        new("7ouMYWpwJ422jRcDASZB7P", "Knights of Cydonia", "Muse", "Black Holes and Revelations", "2006-06-19", 366213),
        new("3n3Ppam7vgaVa1iaRUc9Lp", "Mr. Brightside", "The Killers", "Hot Fuss", "2004-06-07", 222973),
        new("0VjIjW4GlUZAMYd2vXMi3b", "Blinding Lights", "The Weeknd", "After Hours", "2020-03-20", 200040),
    ];

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Challenge, string RedirectUri)> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _accessTokens = new(StringComparer.Ordinal); // token → expired
    private readonly ConcurrentDictionary<string, bool> _refreshTokens = new(StringComparer.Ordinal); // token → revoked
    private readonly ConcurrentQueue<Scripted> _script = new();
    private readonly List<PlayerCall> _calls = [];
    private readonly SemaphoreSlim _called = new(0);
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holdNext;
    private int _read;
    private int _apiRequests;
    private int _disposed;

    private SpotifyStandIn(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    /// <summary>The account's product: "premium" may control playback, "free" may not.</summary>
    public string Product { get; set; } = "premium";

    /// <summary>The account's devices (id, name, active); none active means 404 NO_ACTIVE_DEVICE without a device_id.</summary>
    public List<(string Id, string Name, bool Active)> Devices { get; } = [("dev-living-room", "Living room speaker", true)];

    /// <summary>The user grants access at /authorize (false: the redirect carries error=access_denied).</summary>
    public bool Consents { get; set; } = true;

    /// <summary>Every token this stand-in issued (access and refresh), to prove none leaves Huddle.</summary>
    public IReadOnlyList<string> IssuedTokens => [.. _accessTokens.Keys, .. _refreshTokens.Keys];

    /// <summary>Token requests by grant type, e.g. "refresh_token".</summary>
    public ConcurrentQueue<string> TokenGrants { get; } = new();

    public ConcurrentQueue<string> SearchQueries { get; } = new();

    /// <summary>Every Web API request that arrived, answered or refused (a 429 asked for none).</summary>
    public int ApiRequests => Volatile.Read(ref _apiRequests);

    public IReadOnlyList<PlayerCall> PlayerCalls
    {
        get
        {
            lock (_gate) return [.. _calls];
        }
    }

    public static async Task<SpotifyStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new SpotifyStandIn(app);
        app.MapGet("/authorize", standIn.Authorize);
        app.MapPost("/api/token", (Delegate)standIn.TokenAsync);
        app.MapGet("/v1/me", (HttpContext http) => standIn.Api(http, () =>
            Results.Json(new { id = "dj-standin", display_name = "DJ Stand-in", product = standIn.Product, country = "DE" })));
        app.MapGet("/v1/me/player/devices", (HttpContext http) => standIn.Api(http, () => Results.Json(new
        {
            devices = standIn.Devices.Select(d => new { id = d.Id, is_active = d.Active, is_restricted = false, name = d.Name, type = "Speaker", volume_percent = 50 }),
        })));
        app.MapGet("/v1/search", (HttpContext http) => standIn.Api(http, () => Search(http, standIn)));
        app.MapPut("/v1/me/player/play", (Delegate)standIn.PlayAsync);
        app.MapPut("/v1/me/player/pause", (Func<HttpContext, Task<IResult>>)(http => standIn.Player(http, "pause", null, null, null)));
        app.MapPut("/v1/me/player/seek", (Func<HttpContext, Task<IResult>>)(http => standIn.Player(http, "seek", null,
            long.Parse(http.Request.Query["position_ms"].ToString(), CultureInfo.InvariantCulture), null)));
        app.MapFallback(() => ApiError(404, "Service not found", null));
        await app.StartAsync();
        return standIn;
    }

    /// <summary>Every access token issued so far now answers 401 (as when an hour passed).</summary>
    public void ExpireAccessTokens()
    {
        foreach (var token in _accessTokens.Keys) _accessTokens[token] = true;
    }

    /// <summary>The user removed the app's access in their Spotify account: refresh tokens get invalid_grant.</summary>
    public void RevokeConsent()
    {
        foreach (var token in _refreshTokens.Keys) _refreshTokens[token] = true;
        ExpireAccessTokens();
    }

    /// <summary>The next Web API request (after the token check) gets this error instead of its answer.</summary>
    public void AnswerNextWith(int status, string? reason = null, int? retryAfterSeconds = null) =>
        _script.Enqueue(new Scripted(status, reason, retryAfterSeconds));

    /// <summary>
    /// The next player call Spotify accepts is recorded (Spotify acts on it) but not answered until
    /// the caller gives up (or the stand-in stops): an answer that is lost or very late.
    /// </summary>
    public void HoldNextPlayerCall() => Volatile.Write(ref _holdNext, 1);

    /// <summary>The next player call not yet awaited (in order). Fails the test if none comes within 10 s.</summary>
    public async Task<PlayerCall> NextPlayerCallAsync()
    {
        if (!await _called.WaitAsync(TimeSpan.FromSeconds(10)))
            throw new TimeoutException($"No further player call; calls so far: {string.Join(", ", PlayerCalls)}");
        lock (_gate) return _calls[_read++];
    }

    /// <summary>Player calls recorded but not yet taken by <see cref="NextPlayerCallAsync"/>.</summary>
    public int UnreadPlayerCalls
    {
        get
        {
            lock (_gate) return _calls.Count - _read;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _released.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Stands in for the consent page: the user agrees at once and the browser goes back to the app.</summary>
    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        if (q["client_id"] != ClientId) return Results.BadRequest("INVALID_CLIENT: Invalid client");
        if (q["response_type"] != "code" || q["code_challenge_method"] != "S256" || q["code_challenge"].ToString().Length != 43)
            return Results.BadRequest("Invalid authorization request");
        var redirect = q["redirect_uri"].ToString();
        var state = Uri.EscapeDataString(q["state"].ToString());
        if (!Consents) return Results.Redirect($"{redirect}?error=access_denied&state={state}");
        var code = "code-" + Guid.NewGuid().ToString("N");
        _codes[code] = (q["code_challenge"].ToString(), redirect);
        return Results.Redirect($"{redirect}?code={code}&state={state}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        TokenGrants.Enqueue(form["grant_type"].ToString());
        if (form["client_id"] != ClientId) return OAuthError(400, "invalid_client", "Invalid client");
        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                if (!_codes.TryRemove(form["code"].ToString(), out var issued)) return OAuthError(400, "invalid_grant", "Invalid authorization code");
                if (issued.RedirectUri != form["redirect_uri"]) return OAuthError(400, "invalid_grant", "Invalid redirect URI");
                var challenge = System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
                if (challenge != issued.Challenge) return OAuthError(400, "invalid_grant", "code_verifier was incorrect");
                return Tokens(newRefresh: true, null);
            case "refresh_token":
                var refresh = form["refresh_token"].ToString();
                if (!_refreshTokens.TryGetValue(refresh, out var revoked) || revoked) return OAuthError(400, "invalid_grant", "Refresh token revoked");
                return Tokens(newRefresh: false, refresh);
            default:
                return OAuthError(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
        }
    }

    private IResult Tokens(bool newRefresh, string? refresh)
    {
        var access = "at-" + Guid.NewGuid().ToString("N");
        _accessTokens[access] = false;
        var body = new Dictionary<string, object>
        {
            ["access_token"] = access,
            ["token_type"] = "Bearer",
            ["scope"] = "user-read-playback-state user-modify-playback-state user-read-private",
            ["expires_in"] = 3600,
        };
        if (newRefresh)
        {
            refresh = "rt-" + Guid.NewGuid().ToString("N");
            _refreshTokens[refresh] = false;
            body["refresh_token"] = refresh;
        }

        return Results.Json(body);
    }

    /// <summary>The Web API's gate: a valid bearer token, then any scripted failure, then the answer.</summary>
    private IResult Api(HttpContext http, Func<IResult> answer)
    {
        Interlocked.Increment(ref _apiRequests);
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : "";
        if (!_accessTokens.TryGetValue(token, out var expired)) return ApiError(401, "Invalid access token", null);
        if (expired) return ApiError(401, "The access token expired", null);
        if (_script.TryDequeue(out var scripted))
        {
            if (scripted.RetryAfterSeconds is { } seconds)
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return ApiError(scripted.Status, scripted.Status == 429 ? "API rate limit exceeded" : $"Scripted failure {scripted.Status}", scripted.Reason);
        }

        return answer();
    }

    private async Task<IResult> PlayAsync(HttpContext http)
    {
        using var body = await JsonDocument.ParseAsync(http.Request.Body);
        var uri = body.RootElement.GetProperty("uris")[0].GetString();
        var position = body.RootElement.TryGetProperty("position_ms", out var p) ? p.GetInt64() : 0;
        var device = http.Request.Query["device_id"].ToString();
        return await Player(http, "play", uri, position, device.Length == 0 ? null : device);
    }

    private async Task<IResult> Player(HttpContext http, string action, string? uri, long? positionMs, string? deviceId)
    {
        var held = false;
        var answer = Api(http, () => Accept(action, uri, positionMs, deviceId, out held));
        if (held)
        {
            try
            {
                await _released.Task.WaitAsync(http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // Huddle gave up waiting; Spotify acted on the call all the same.
            }
        }

        return answer;
    }

    private IResult Accept(string action, string? uri, long? positionMs, string? deviceId, out bool held)
    {
        held = false;
        if (Product != "premium") return ApiError(403, "Player command failed: Premium required", "PREMIUM_REQUIRED");
        if (deviceId is not null)
        {
            var index = Devices.FindIndex(d => d.Id == deviceId);
            if (index < 0) return ApiError(404, "Device not found", null);
            for (var i = 0; i < Devices.Count; i++) Devices[i] = Devices[i] with { Active = i == index };
        }

        if (!Devices.Any(d => d.Active)) return ApiError(404, "Player command failed: No active device found", "NO_ACTIVE_DEVICE");
        held = Interlocked.Exchange(ref _holdNext, 0) == 1;
        lock (_gate) _calls.Add(new PlayerCall(action, uri, positionMs, deviceId));
        _called.Release();
        return Results.NoContent();
    }

    private static IResult Search(HttpContext http, SpotifyStandIn standIn)
    {
        var q = http.Request.Query;
        if (q["type"] != "track") return ApiError(400, "Unsupported type", null);
        var text = q["q"].ToString();
        if (text.Length == 0) return ApiError(400, "No search query", null);
        standIn.SearchQueries.Enqueue(text);
        var limit = int.Parse(q["limit"].ToString(), CultureInfo.InvariantCulture);
        var found = Tracks.Where(t => t.Title.Contains(text, StringComparison.OrdinalIgnoreCase) || t.Artist.Contains(text, StringComparison.OrdinalIgnoreCase))
            .Take(limit).ToList();
        return Results.Json(new
        {
            tracks = new
            {
                href = "https://api.spotify.com/v1/search",
                items = found.Select(t => new
                {
                    id = t.Id,
                    name = t.Title,
                    uri = "spotify:track:" + t.Id,
                    duration_ms = t.DurationMs,
                    @explicit = false,
                    is_playable = true,
                    artists = new[] { new { id = "artist" + t.Id[..6], name = t.Artist, type = "artist" } },
                    album = new
                    {
                        name = t.Album,
                        release_date = t.ReleaseDate,
                        images = new[]
                        {
                            new { url = $"https://i.scdn.co/image/{t.Id}-640", width = 640, height = 640 },
                            new { url = $"https://i.scdn.co/image/{t.Id}-64", width = 64, height = 64 },
                        },
                    },
                }),
                limit,
                offset = 0,
                total = found.Count,
                next = (string?)null,
            },
        });
    }

    private static IResult ApiError(int status, string message, string? reason) =>
        Results.Json(reason is null ? new { error = new { status, message } } : (object)new { error = new { status, message, reason } }, statusCode: status);

    private static IResult OAuthError(int status, string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: status);

    private sealed record Scripted(int Status, string? Reason, int? RetryAfterSeconds);
}

public sealed record StandInTrack(string Id, string Title, string Artist, string Album, string ReleaseDate, int DurationMs)
{
    public string SongId => "sp:" + Id;

    public string Uri => "spotify:track:" + Id;
}

/// <summary>A player call Spotify accepted: play (uri, position, device), pause, or seek (position).</summary>
public sealed record PlayerCall(string Action, string? Uri, long? PositionMs, string? DeviceId);
