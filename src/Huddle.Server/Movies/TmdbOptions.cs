namespace Huddle.Server.Movies;

/// <summary>
/// Section <c>Movies:Tmdb</c>: the TMDB API v3 provider. Without an API key or read access token
/// Huddle uses only its offline catalog; with one, TMDB answers and the offline catalog stands in
/// whenever TMDB fails (with a notice on the answer).
/// </summary>
public sealed class TmdbOptions
{
    public const string Section = "Movies:Tmdb";

    /// <summary>A v3 API key, sent as the <c>api_key</c> query parameter.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A v4 read access token, sent as <c>Authorization: Bearer</c>; preferred over <see cref="ApiKey"/>.</summary>
    public string? ReadAccessToken { get; set; }

    public string BaseUrl { get; set; } = "https://api.themoviedb.org/3";

    /// <summary>Prefix of poster and logo URLs (TMDB's image CDN with a size).</summary>
    public string ImageBaseUrl { get; set; } = "https://image.tmdb.org/t/p/w500";

    /// <summary>Language of titles and overviews (ISO 639-1 with an optional region, e.g. en-US).</summary>
    public string Language { get; set; } = "en-US";

    /// <summary>How long one request may take (each retry gets its own).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries after a 429 or 5xx answer or a failed connection (not after a timeout).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First backoff delay; it doubles per retry unless TMDB sends Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A longer Retry-After than this is not waited for: the call fails (and falls back) instead.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a successful answer is reused; zero turns caching off.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most answers kept in the cache; the least recently used go first.</summary>
    public int CacheSizeLimit { get; set; } = 1000;

    /// <summary>With a minimum rating, also require this many votes, so a 10/10 from one voter does not lead the deck.</summary>
    public int MinimumVoteCount { get; set; } = 50;

    /// <summary>After a failure, go straight to the offline catalog for this long instead of waiting on TMDB again.</summary>
    public TimeSpan FailureCooldown { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(ApiKey) || !string.IsNullOrWhiteSpace(ReadAccessToken);

    public IEnumerable<string> Validate()
    {
        if (!IsHttpUrl(BaseUrl)) yield return "BaseUrl must be an absolute http(s) URL.";
        if (!IsHttpUrl(ImageBaseUrl)) yield return "ImageBaseUrl must be an absolute http(s) URL.";
        if (string.IsNullOrWhiteSpace(Language)) yield return "Language must not be empty (e.g. en-US).";
        if (Timeout < TimeSpan.FromMilliseconds(100) || Timeout > TimeSpan.FromMinutes(2))
            yield return "Timeout must be between 00:00:00.1 and 00:02:00.";
        if (MaxRetries is < 0 or > 5) yield return "MaxRetries must be between 0 and 5.";
        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromSeconds(30))
            yield return "RetryBaseDelay must be between 0 and 00:00:30.";
        if (MaxRetryAfter < TimeSpan.Zero || MaxRetryAfter > TimeSpan.FromMinutes(5))
            yield return "MaxRetryAfter must be between 0 and 00:05:00.";
        if (CacheDuration < TimeSpan.Zero) yield return "CacheDuration must not be negative.";
        if (CacheSizeLimit < 1) yield return "CacheSizeLimit must be at least 1.";
        if (MinimumVoteCount < 0) yield return "MinimumVoteCount must not be negative.";
        if (FailureCooldown < TimeSpan.Zero) yield return "FailureCooldown must not be negative.";
    }

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
