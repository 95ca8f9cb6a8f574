namespace Huddle.Core.Sessions;

/// <summary>
/// The streaming platform a watch party watches on (issue 21): TMDB's watch-provider id and name, and the
/// link everyone opens. TMDB's API has no per-platform deep links, so the link is TMDB's watch page for
/// the film in the session's region, whose buttons open the film on each platform.
/// </summary>
public sealed record WatchPlatform(int ProviderId, string Name, string Link)
{
    public const int MaxNameLength = 100;

    public const int MaxLinkLength = 500;

    /// <summary>
    /// From the countdown's start to "Play now": one second of "Get ready" so the signal reaches every
    /// device before the 3 shows, then 3, 2, 1.
    /// </summary>
    public const long CountdownMs = 4_000;

    /// <summary>TMDB's public watch page of a film in a region (the offline catalog's link, which has none of its own).</summary>
    public static string TmdbWatchPage(int movieId, string region) =>
        $"https://www.themoviedb.org/movie/{movieId}/watch?locale={Uri.EscapeDataString(region)}";

    /// <summary>The platform as the catalog named it, checked like any text that reaches every device.</summary>
    public static WatchPlatform Create(int providerId, string? name, string? link)
    {
        if (providerId <= 0) throw Errors.InvalidInput("providerId must be a positive integer.");
        var cleanName = Validate.Text(name, "The platform's name", ErrorCodes.InvalidInput, MaxNameLength, required: true, TextLimits.Default)!;
        if (link is null || link.Length > MaxLinkLength
            || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw Errors.InvalidInput($"The platform's link must be an https URL of at most {MaxLinkLength} characters.");
        return new WatchPlatform(providerId, cleanName, link);
    }
}
