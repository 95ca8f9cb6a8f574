namespace Huddle.Server.Movies.Jellyfin;

/// <summary>
/// Section <c>Huddle:Films:Jellyfin</c>: a Jellyfin server as a film source beside the film folder.
/// Off while <see cref="Url"/> is empty. The API key stays on this server: it goes only into the
/// <c>Authorization</c> header of Huddle's own calls, is never logged and never reaches a browser
/// (videos and subtitles are proxied).
/// </summary>
public sealed class JellyfinOptions
{
    public const string Section = "Huddle:Films:Jellyfin";

    /// <summary>The server's root, e.g. http://jellyfin.lan:8096 (with its base URL path if one is set).</summary>
    public string? Url { get; set; }

    /// <summary>An API key made in Jellyfin's dashboard (Administration → API Keys).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Optional: list only what this Jellyfin user may see (their libraries and parental rating).</summary>
    public string? UserId { get; set; }

    /// <summary>How long one API call may take (a video only until its headers arrive).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one listing of the server's films is reused (range requests and the hub do not ask again).</summary>
    public TimeSpan ListCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many films are listed; a bigger library is cut (the log says so).</summary>
    public int MaxFilms { get; set; } = 5_000;

    /// <summary>A JSON answer larger than this is refused: a hostile or broken server must not fill memory.</summary>
    public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Subtitles larger than this are not served.</summary>
    public int MaxSubtitleBytes { get; set; } = 2 * 1024 * 1024;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<string> Validate()
    {
        if (!Enabled) yield break;
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            yield return "Url must be an absolute http(s) URL without user info, query or fragment.";
        // The key goes inside a quoted header parameter: printable ASCII without quotes or backslashes only.
        if (string.IsNullOrEmpty(ApiKey)) yield return "ApiKey must be set when Url is.";
        else if (ApiKey.Length > 200 || ApiKey.Any(c => c is < '!' or > '~' or '"' or '\\'))
            yield return "ApiKey must be at most 200 printable ASCII characters without quotes or backslashes.";
        if (!string.IsNullOrEmpty(UserId) && !Guid.TryParse(UserId, out _)) yield return "UserId must be a Jellyfin user id (32 hex digits).";
        if (Timeout < TimeSpan.FromMilliseconds(100) || Timeout > TimeSpan.FromMinutes(2))
            yield return "Timeout must be between 00:00:00.1 and 00:02:00.";
        if (ListCacheDuration < TimeSpan.Zero || ListCacheDuration > TimeSpan.FromHours(1))
            yield return "ListCacheDuration must be between 0 and 01:00:00.";
        if (MaxFilms is < 1 or > 100_000) yield return "MaxFilms must be between 1 and 100000.";
        if (MaxResponseBytes is < 64 * 1024 or > 256 * 1024 * 1024) yield return "MaxResponseBytes must be between 65536 and 268435456.";
        if (MaxSubtitleBytes is < 1024 or > 64 * 1024 * 1024) yield return "MaxSubtitleBytes must be between 1024 and 67108864.";
    }
}
