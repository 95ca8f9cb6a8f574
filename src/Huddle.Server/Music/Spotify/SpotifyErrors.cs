using Huddle.Core;

namespace Huddle.Server.Music.Spotify;

/// <summary>The Spotify error codes (docs/protocol.md, "Spotify").</summary>
public static class SpotifyErrors
{
    public static HuddleException NotConfigured() => new(
        "spotify_not_configured", "Spotify is not set up on this server (Huddle:Spotify:ClientId).", ErrorKind.NotFound);

    public static HuddleException NotLinked() => new(
        "spotify_not_linked", "The host has not linked a Spotify account to this session.", ErrorKind.Conflict);

    public static HuddleException LinkInvalid() => new(
        "spotify_link_invalid", "This Spotify authorization is unknown, expired or already used: press \"Link Spotify\" again.", ErrorKind.Invalid);

    public static HuddleException NotJam() => new(
        "not_supported", "Only a jam plays music on Spotify.", ErrorKind.Invalid);

    /// <summary>The host-facing problem of a failed Spotify call, as an error for the caller of a search.</summary>
    public static HuddleException From(SpotifyProblem problem)
    {
        var kind = problem.Code switch
        {
            SpotifyProblem.RateLimited => ErrorKind.RateLimited,
            SpotifyProblem.Unavailable => ErrorKind.Unavailable,
            SpotifyProblem.PremiumRequired => ErrorKind.NotAllowed,
            _ => ErrorKind.Conflict,
        };
        var error = new HuddleException(problem.Code, problem.Message, kind);
        if (problem.RetryAfterSeconds is { } seconds) error.Data["retryAfterSeconds"] = seconds;
        return error;
    }
}

/// <summary>
/// What went wrong with the host's Spotify, as shown on the host's screen: a stable code and a
/// sentence. The session keeps working whatever it is.
/// </summary>
public sealed record SpotifyProblem(string Code, string Message, long? RetryAt = null, int? RetryAfterSeconds = null)
{
    public const string NoDevice = "spotify_no_device";
    public const string PremiumRequired = "spotify_premium_required";
    public const string Unlinked = "spotify_unlinked";
    public const string RateLimited = "spotify_rate_limited";
    public const string Unavailable = "spotify_unavailable";
    public const string Refused = "spotify_refused";
}
