namespace Huddle.Server.Music.Spotify;

/// <summary>
/// Section <c>Huddle:Spotify</c>: playing jams on the host's own Spotify account (docs/music.md).
/// Without a client id the feature is off. The base URLs exist so tests can point them at a stand-in.
/// </summary>
public sealed class SpotifyOptions
{
    public const string Section = "Huddle:Spotify";

    /// <summary>The operator's Spotify app's client id (developer dashboard). PKCE needs no client secret.</summary>
    public string ClientId { get; set; } = "";

    public string AccountsBaseUrl { get; set; } = "https://accounts.spotify.com";

    public string ApiBaseUrl { get; set; } = "https://api.spotify.com";

    /// <summary>How long one call to Spotify may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a "Link Spotify" authorization may take before its state is refused.</summary>
    public TimeSpan LinkTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Spotify searches per client IP and minute (each costs a call on the host's Spotify quota).</summary>
    public int SearchesPerMinute { get; set; } = 30;

    /// <summary>A 429 without Retry-After waits this long before the next call.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId);

    public IEnumerable<string> Validate()
    {
        if (ClientId.Length > 0 && (ClientId.Length > 64 || !ClientId.All(char.IsAsciiLetterOrDigit)))
            yield return "ClientId must be the app's client id from the Spotify developer dashboard (letters and digits).";
        if (!IsHttpUrl(AccountsBaseUrl)) yield return "AccountsBaseUrl must be an absolute http(s) URL.";
        if (!IsHttpUrl(ApiBaseUrl)) yield return "ApiBaseUrl must be an absolute http(s) URL.";
        if (Timeout < TimeSpan.FromMilliseconds(100) || Timeout > TimeSpan.FromMinutes(1))
            yield return "Timeout must be between 00:00:00.1 and 00:01:00.";
        if (LinkTimeout < TimeSpan.FromMinutes(1) || LinkTimeout > TimeSpan.FromHours(1))
            yield return "LinkTimeout must be between 00:01:00 and 01:00:00.";
        if (SearchesPerMinute is < 1 or > 1000) yield return "SearchesPerMinute must be between 1 and 1000.";
        if (DefaultRetryAfter < TimeSpan.FromSeconds(1) || DefaultRetryAfter > TimeSpan.FromMinutes(10))
            yield return "DefaultRetryAfter must be between 00:00:01 and 00:10:00.";
    }

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
