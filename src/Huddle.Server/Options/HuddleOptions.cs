namespace Huddle.Server.Options;

/// <summary>Section <c>Huddle:RateLimits</c> (SPEC §6): every limit is per client IP, per session or per hub connection.</summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    public int SessionCreatesPerMinute { get; set; } = 20;

    public int FailedLookupsPerMinute { get; set; } = 30;

    public int ApiRequestsPerMinute { get; set; } = 600;

    public int HubInvocationsPerSecond { get; set; } = 20;

    public int HubInvocationBurst { get; set; } = 40;

    public int RelayEventsPerSecond { get; set; } = 10;

    public int RelayBurst { get; set; } = 20;

    // Per client IP and per session, on top of the per-connection buckets above. A whole lecture hall
    // or campus can share one NAT address, so the per-IP defaults fit 500 people behind one IP with
    // room to spare (docs/operations.md, "Connection caps and hub budgets").

    /// <summary>Open hub connections per client IP on this node.</summary>
    public int MaxConnectionsPerIp { get; set; } = 1000;

    public int IpHubInvocationsPerSecond { get; set; } = 1000;

    public int IpHubInvocationBurst { get; set; } = 5000;

    /// <summary>Hub calls that change a session (votes, queue, questions…), by all its connections together.</summary>
    public int SessionCommitsPerSecond { get; set; } = 100;

    public int SessionCommitBurst { get; set; } = 500;

    public IEnumerable<string> Validate()
    {
        if (SessionCreatesPerMinute < 1) yield return "SessionCreatesPerMinute must be at least 1.";
        if (FailedLookupsPerMinute < 1) yield return "FailedLookupsPerMinute must be at least 1.";
        if (ApiRequestsPerMinute < 1) yield return "ApiRequestsPerMinute must be at least 1.";
        if (HubInvocationsPerSecond < 1 || HubInvocationBurst < HubInvocationsPerSecond)
            yield return "HubInvocationsPerSecond must be at least 1 and HubInvocationBurst at least that.";
        if (RelayEventsPerSecond < 1 || RelayBurst < RelayEventsPerSecond)
            yield return "RelayEventsPerSecond must be at least 1 and RelayBurst at least that.";
        if (MaxConnectionsPerIp < 1) yield return "MaxConnectionsPerIp must be at least 1.";
        if (IpHubInvocationsPerSecond < 1 || IpHubInvocationBurst < IpHubInvocationsPerSecond)
            yield return "IpHubInvocationsPerSecond must be at least 1 and IpHubInvocationBurst at least that.";
        if (SessionCommitsPerSecond < 1 || SessionCommitBurst < SessionCommitsPerSecond)
            yield return "SessionCommitsPerSecond must be at least 1 and SessionCommitBurst at least that.";
    }
}

/// <summary>Section <c>Huddle:Music</c>: an optional folder of audio files added to the jam library.</summary>
public sealed class MusicOptions
{
    /// <summary>The music folder. Empty: the user's music folder (XDG MUSIC, else ~/Music) unless <see cref="UseDefaultFolder"/> is off.</summary>
    public string? Folder { get; set; }

    /// <summary>With no <see cref="Folder"/>, index the user's music folder when it exists (read-only).</summary>
    public bool UseDefaultFolder { get; set; } = true;

    /// <summary>The safety-net sweep: a full rescan this often, in case a file change was not noticed.</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Quiet time after the last noticed change before rescanning (a copy of an album is one rescan).</summary>
    public TimeSpan RescanDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Cover art larger than this is ignored (a hostile or absurd tag must not fill memory per request).</summary>
    public int MaxCoverBytes { get; set; } = 4 * 1024 * 1024;

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrWhiteSpace(Folder) && !Directory.Exists(Folder))
            yield return $"Huddle:Music:Folder '{Folder}' does not exist.";
        if (RescanInterval < TimeSpan.FromSeconds(1)) yield return "RescanInterval must be at least 1 second.";
        if (RescanDelay < TimeSpan.Zero || RescanDelay > TimeSpan.FromMinutes(5)) yield return "RescanDelay must be between 0 and 5 minutes.";
        if (MaxCoverBytes is < 1024 or > 64 * 1024 * 1024) yield return "MaxCoverBytes must be between 1024 and 67108864.";
    }
}

/// <summary>Section <c>Huddle</c>: how the server names itself in join links.</summary>
public sealed class HuddleServerOptions
{
    /// <summary>
    /// Base of the links the server writes, e.g. https://huddle.example.org. Empty: taken from each
    /// request, which Production allows only with a non-wildcard AllowedHosts (PublicLinksValidator).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrWhiteSpace(PublicBaseUrl)
            && (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo)))
            yield return "PublicBaseUrl must be an absolute http(s) URL such as https://huddle.example.org (no query, fragment or user name).";
    }
}
