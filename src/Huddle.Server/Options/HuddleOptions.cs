namespace Huddle.Server.Options;

/// <summary>Section <c>Storage</c>: which database backs Huddle.</summary>
public sealed class StorageOptions
{
    public string Provider { get; set; } = "Sqlite";

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<string> Validate()
    {
        if (!IsPostgres && !string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
            yield return $"Provider '{Provider}' is not supported (use Sqlite or Postgres).";
    }
}

/// <summary>Section <c>Huddle:RateLimits</c> (SPEC §6): every limit is per client IP or per hub connection.</summary>
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

    public IEnumerable<string> Validate()
    {
        if (SessionCreatesPerMinute < 1) yield return "SessionCreatesPerMinute must be at least 1.";
        if (FailedLookupsPerMinute < 1) yield return "FailedLookupsPerMinute must be at least 1.";
        if (ApiRequestsPerMinute < 1) yield return "ApiRequestsPerMinute must be at least 1.";
        if (HubInvocationsPerSecond < 1 || HubInvocationBurst < HubInvocationsPerSecond)
            yield return "HubInvocationsPerSecond must be at least 1 and HubInvocationBurst at least that.";
        if (RelayEventsPerSecond < 1 || RelayBurst < RelayEventsPerSecond)
            yield return "RelayEventsPerSecond must be at least 1 and RelayBurst at least that.";
    }
}

/// <summary>Section <c>Huddle:Music</c>: an optional folder of audio files added to the jam library.</summary>
public sealed class MusicOptions
{
    public string? Folder { get; set; }

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrWhiteSpace(Folder) && !Directory.Exists(Folder))
            yield return $"Huddle:Music:Folder '{Folder}' does not exist.";
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
