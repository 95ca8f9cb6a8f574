using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Music.Spotify;

/// <summary>
/// Spotify's accounts service (PKCE code exchange, refresh) and the Web API calls Huddle makes, as a
/// typed HttpClient. Stateless: the caller owns the tokens (<see cref="SpotifyLinks"/>). Every failure
/// is a <see cref="SpotifyCallException"/> naming what happened; no token ever goes into a message.
/// </summary>
public sealed class SpotifyClient
{
    /// <summary>Read the player's state and devices, control playback, read the account's product (Premium).</summary>
    public const string Scopes = "user-read-playback-state user-modify-playback-state user-read-private";

    private readonly HttpClient _http;
    private readonly SpotifyOptions _options;
    private readonly TimeProvider _time;
    private readonly Uri _accounts;
    private readonly Uri _api;

    public SpotifyClient(HttpClient http, IOptions<SpotifyOptions> options, TimeProvider time)
    {
        _http = http;
        _options = options.Value;
        _time = time;
        _accounts = new Uri(_options.AccountsBaseUrl.TrimEnd('/') + "/");
        _api = new Uri(_options.ApiBaseUrl.TrimEnd('/') + "/");
    }

    /// <summary>Where the host's browser goes to grant access (authorization code with PKCE, S256).</summary>
    public string AuthorizeUrl(string state, string codeChallenge, string redirectUri) =>
        new Uri(_accounts, "authorize") + "?" + Query(
            ("client_id", _options.ClientId), ("response_type", "code"), ("redirect_uri", redirectUri),
            ("code_challenge_method", "S256"), ("code_challenge", codeChallenge), ("state", state), ("scope", Scopes));

    public Task<SpotifyTokens> ExchangeCodeAsync(string code, string verifier, string redirectUri, CancellationToken ct) =>
        TokenAsync([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectUri),
            ("client_id", _options.ClientId), ("code_verifier", verifier)], previousRefresh: null, ct);

    /// <summary>New tokens; Spotify may or may not rotate the refresh token (the old one is kept if not).</summary>
    public Task<SpotifyTokens> RefreshAsync(string refreshToken, CancellationToken ct) =>
        TokenAsync([("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", _options.ClientId)], refreshToken, ct);

    public async Task<SpotifyAccount> GetAccountAsync(string accessToken, CancellationToken ct)
    {
        var me = await ApiAsync<SpotifyMe>(HttpMethod.Get, "v1/me", accessToken, null, ct);
        return new SpotifyAccount(Clean(me?.DisplayName ?? me?.Id, "Spotify user"), me?.Product ?? "unknown");
    }

    public async Task<IReadOnlyList<SpotifyDevice>> GetDevicesAsync(string accessToken, CancellationToken ct)
    {
        var list = await ApiAsync<SpotifyDeviceList>(HttpMethod.Get, "v1/me/player/devices", accessToken, null, ct);
        return (list?.Devices ?? [])
            .Where(d => !string.IsNullOrEmpty(d.Id))
            .Select(d => new SpotifyDevice(d.Id!, Clean(d.Name, "Spotify device"), d.IsActive, d.IsRestricted))
            .ToList();
    }

    public async Task<IReadOnlyList<SpotifyTrack>> SearchAsync(string accessToken, string text, int limit, CancellationToken ct)
    {
        var answer = await ApiAsync<SpotifySearchAnswer>(HttpMethod.Get,
            "v1/search?" + Query(("q", text), ("type", "track"), ("limit", limit.ToString(CultureInfo.InvariantCulture))), accessToken, null, ct);
        return (answer?.Tracks?.Items ?? []).Select(SpotifyTrack.From).OfType<SpotifyTrack>().ToList();
    }

    public Task PlayAsync(string accessToken, string trackUri, long positionMs, string? deviceId, CancellationToken ct) =>
        ApiAsync<JsonElement?>(HttpMethod.Put, "v1/me/player/play" + (deviceId is null ? "" : "?" + Query(("device_id", deviceId))),
            accessToken, JsonContent.Create(new { uris = new[] { trackUri }, position_ms = positionMs }), ct);

    public Task PauseAsync(string accessToken, CancellationToken ct) =>
        ApiAsync<JsonElement?>(HttpMethod.Put, "v1/me/player/pause", accessToken, null, ct);

    public Task SeekAsync(string accessToken, long positionMs, CancellationToken ct) =>
        ApiAsync<JsonElement?>(HttpMethod.Put, "v1/me/player/seek?" + Query(("position_ms", positionMs.ToString(CultureInfo.InvariantCulture))), accessToken, null, ct);

    private async Task<SpotifyTokens> TokenAsync(IEnumerable<(string, string)> form, string? previousRefresh, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_accounts, "api/token"))
        {
            Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Item1, f.Item2))),
        };
        var (status, body, retryAfter) = await SendAsync(request, ct);
        if (status == HttpStatusCode.OK)
        {
            var answer = Parse<SpotifyTokenAnswer>(body);
            if (answer?.AccessToken is not { Length: > 0 } access)
                throw new SpotifyCallException(SpotifyFailure.Unavailable, "Spotify's accounts service answered without an access token.");
            var refresh = answer.RefreshToken is { Length: > 0 } r ? r : previousRefresh
                ?? throw new SpotifyCallException(SpotifyFailure.Unavailable, "Spotify's accounts service answered without a refresh token.");
            return new SpotifyTokens(access, refresh, _time.GetUtcNow().AddSeconds(Math.Max(answer.ExpiresIn, 60)));
        }

        var error = Parse<SpotifyOAuthError>(body);

        // invalid_grant: the code was used or expired, the verifier does not match, or the user revoked the app's access.
        if (status == HttpStatusCode.BadRequest && error?.Error == "invalid_grant")
            throw new SpotifyCallException(SpotifyFailure.InvalidGrant, $"Spotify refused the grant ({Clean(error.ErrorDescription, "invalid_grant")}).");
        throw Failure(status, error?.ErrorDescription ?? error?.Error, reason: null, retryAfter);
    }

    private async Task<T?> ApiAsync<T>(HttpMethod method, string path, string accessToken, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(_api, path)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (method == HttpMethod.Put && content is null) request.Content = new ByteArrayContent([]); // Spotify wants a Content-Length
        var (status, body, retryAfter) = await SendAsync(request, ct);
        if ((int)status is >= 200 and < 300) return string.IsNullOrWhiteSpace(body) ? default : Parse<T>(body);
        var error = Parse<SpotifyApiError>(body)?.Error;
        throw Failure(status, error?.Message, error?.Reason, retryAfter);
    }

    private async Task<(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            return (response.StatusCode, body, RetryAfter(response));
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new SpotifyCallException(SpotifyFailure.Unavailable, $"Spotify did not answer within {_options.Timeout.TotalSeconds:0.#} s.", inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new SpotifyCallException(SpotifyFailure.Unavailable, "Spotify could not be reached.", inner: e);
        }
    }

    private SpotifyCallException Failure(HttpStatusCode status, string? message, string? reason, TimeSpan? retryAfter)
    {
        var said = Clean(message, status.ToString());
        return status switch
        {
            HttpStatusCode.Unauthorized => new SpotifyCallException(SpotifyFailure.Unauthorized, $"Spotify refused the access token ({said})."),
            HttpStatusCode.Forbidden when reason == "PREMIUM_REQUIRED" || said.Contains("premium", StringComparison.OrdinalIgnoreCase) =>
                new SpotifyCallException(SpotifyFailure.PremiumRequired, said),
            HttpStatusCode.NotFound when reason == "NO_ACTIVE_DEVICE" || said.Contains("device", StringComparison.OrdinalIgnoreCase) =>
                new SpotifyCallException(SpotifyFailure.NoDevice, said),
            HttpStatusCode.TooManyRequests => new SpotifyCallException(SpotifyFailure.RateLimited, said, retryAfter ?? _options.DefaultRetryAfter),
            >= HttpStatusCode.InternalServerError => new SpotifyCallException(SpotifyFailure.Unavailable, $"Spotify failed with HTTP {(int)status} ({said})."),
            _ => new SpotifyCallException(SpotifyFailure.Refused, $"Spotify refused the request with HTTP {(int)status} ({said})."),
        };
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header) return null;
        var wait = header.Delta ?? (header.Date is { } date ? date - _time.GetUtcNow() : null);
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w) : null;
    }

    private static T? Parse<T>(string body)
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? default : JsonSerializer.Deserialize<T>(body, SpotifyJson.Options);
        }
        catch (JsonException)
        {
            return default; // a proxy's HTML page, say: the HTTP status alone tells what happened
        }
    }

    private static string Query(params (string Name, string Value)[] pairs) =>
        string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));

    /// <summary>Text from Spotify shown to people: no control or bidi characters, at most 200 characters.</summary>
    internal static string Clean(string? text, string fallback)
    {
        var cleaned = new string((text ?? "").Where(c => !char.IsControl(c) && c is not (>= '\u202A' and <= '\u202E') and not (>= '\u2066' and <= '\u2069')).ToArray()).Trim();
        return cleaned.Length == 0 ? fallback : cleaned.Length > 200 ? cleaned[..200] : cleaned;
    }
}

public enum SpotifyFailure
{
    /// <summary>401: the access token expired or was revoked; refresh once.</summary>
    Unauthorized,

    /// <summary>The accounts service refused the code or refresh token: consent was revoked.</summary>
    InvalidGrant,
    PremiumRequired,
    NoDevice,
    RateLimited,
    Unavailable,
    Refused,
}

public sealed class SpotifyCallException(SpotifyFailure failure, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public SpotifyFailure Failure { get; } = failure;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The host's tokens: held in memory only, never persisted, logged or sent to a client.</summary>
public sealed record SpotifyTokens(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"SpotifyTokens {{ ExpiresAt = {ExpiresAt:O} }}"; // never the tokens, even by accident
}

public sealed record SpotifyAccount(string DisplayName, string Product)
{
    public bool IsPremium => Product == "premium";
}

public sealed record SpotifyDevice(string Id, string Name, bool IsActive, bool IsRestricted);

/// <summary>A track from a search, with the fields a Huddle song needs.</summary>
public sealed record SpotifyTrack(string Id, string Title, string Artist, string Album, int Year, int DurationSeconds, string? CoverUrl)
{
    public const string IdPrefix = "sp:";

    public string SongId => IdPrefix + Id;

    public string Uri => "spotify:track:" + Id;

    /// <summary>The Spotify URI of a Huddle song id in the <c>sp:</c> namespace, else null.</summary>
    public static string? UriOf(string songId) =>
        songId.StartsWith(IdPrefix, StringComparison.Ordinal) && IsTrackId(songId.AsSpan(IdPrefix.Length)) ? "spotify:track:" + songId[IdPrefix.Length..] : null;

    /// <summary>Spotify ids are 22 base-62 characters; anything else from the API is dropped.</summary>
    public static bool IsTrackId(ReadOnlySpan<char> id)
    {
        if (id.Length != 22) return false;
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c)) return false;
        }

        return true;
    }

    internal static SpotifyTrack? From(SpotifyTrackJson t)
    {
        if (t.Id is not { } id || !IsTrackId(id) || t.IsPlayable == false) return null;
        var year = t.Album?.ReleaseDate is { Length: >= 4 } date && int.TryParse(date.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : 0;
        var cover = t.Album?.Images?.OrderByDescending(i => i.Width ?? 0).FirstOrDefault()?.Url;
        return new SpotifyTrack(
            id,
            SpotifyClient.Clean(t.Name, "Untitled"),
            SpotifyClient.Clean(string.Join(", ", (t.Artists ?? []).Select(a => a.Name).Where(n => !string.IsNullOrWhiteSpace(n))), "Unknown artist"),
            SpotifyClient.Clean(t.Album?.Name, "Spotify"),
            year,
            Math.Max(0, (int)Math.Round(t.DurationMs / 1000.0)),
            cover is not null && System.Uri.TryCreate(cover, UriKind.Absolute, out var u) && u.Scheme == System.Uri.UriSchemeHttps ? cover : null);
    }
}
