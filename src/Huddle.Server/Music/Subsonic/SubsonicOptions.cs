namespace Huddle.Server.Music.Subsonic;

/// <summary>
/// Section <c>Huddle:Music:Subsonic</c>: a Subsonic-compatible server (Navidrome, Gonic, Airsonic…)
/// as a song source. Off while <see cref="Url"/> is empty. The password stays on this server: it is
/// sent only as a salted MD5 token (the API's token auth), never logged and never shown.
/// </summary>
public sealed class SubsonicOptions
{
    public const string Section = "Huddle:Music:Subsonic";

    /// <summary>The server's root, e.g. https://music.example.org (the API lives under /rest/).</summary>
    public string? Url { get; set; }

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>How long one API call may take (a stream only until its headers arrive).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the song list is fetched again (new albums appear after at most this long).</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>At most this many songs are listed; a bigger library is cut (the log says so).</summary>
    public int MaxSongs { get; set; } = 50_000;

    /// <summary>A JSON answer larger than this is refused: a hostile or broken server must not fill memory.</summary>
    public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<string> Validate()
    {
        if (!Enabled) yield break;
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            yield return "Url must be an absolute http(s) URL without user info, query or fragment.";
        if (string.IsNullOrWhiteSpace(User)) yield return "User must be set when Url is.";
        if (string.IsNullOrEmpty(Password)) yield return "Password must be set when Url is.";
        if (User?.Length > 200 || Password?.Length > 200) yield return "User and Password must be at most 200 characters.";
        if (Timeout < TimeSpan.FromMilliseconds(100) || Timeout > TimeSpan.FromMinutes(2))
            yield return "Timeout must be between 00:00:00.1 and 00:02:00.";
        if (SyncInterval < TimeSpan.FromSeconds(10)) yield return "SyncInterval must be at least 10 seconds.";
        if (MaxSongs is < 1 or > 1_000_000) yield return "MaxSongs must be between 1 and 1000000.";
        if (MaxResponseBytes is < 64 * 1024 or > 256 * 1024 * 1024) yield return "MaxResponseBytes must be between 65536 and 268435456.";
    }
}
