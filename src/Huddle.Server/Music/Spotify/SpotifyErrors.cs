using Huddle.Core;

namespace Huddle.Server.Music.Spotify;

/// <summary>The Spotify error codes (docs/protocol.md, "Spotify").</summary>
public static class SpotifyErrors
{
    public static HuddleException NotConfigured() => new(
        ErrorCodes.SpotifyNotConfigured, "Spotify is not set up on this server (Huddle:Spotify:ClientId).", ErrorKind.NotFound);

    public static HuddleException NotLinked() => new(
        ErrorCodes.SpotifyNotLinked, "The host has not linked a Spotify account to this session.", ErrorKind.Conflict);

    public static HuddleException LinkInvalid() => new(
        ErrorCodes.SpotifyLinkInvalid, "This Spotify authorization is unknown, expired or already used: press \"Link Spotify\" again.", ErrorKind.Invalid);

    public static HuddleException NotJam() => new(
        ErrorCodes.NotSupported, "Only a jam plays music on Spotify.", ErrorKind.Invalid);

    /// <summary>The host-facing problem of a failed Spotify call, as an error for the caller of a search.</summary>
    public static HuddleException From(SpotifyProblem problem)
    {
        var kind = problem.Code switch
        {
            ErrorCodes.SpotifyRateLimited => ErrorKind.RateLimited,
            ErrorCodes.SpotifyUnavailable => ErrorKind.Unavailable,
            ErrorCodes.SpotifyPremiumRequired => ErrorKind.NotAllowed,
            _ => ErrorKind.Conflict,
        };
        var error = new HuddleException(problem.Code, problem.Message, kind);
        if (problem.RetryAfterSeconds is { } seconds) error.Data["retryAfterSeconds"] = seconds;
        return error;
    }
}

/// <summary>
/// What went wrong with the host's Spotify, as shown on the host's screen: a stable code and a
/// sentence (the code is an <see cref="ErrorCodes"/> spotify_* member). The session keeps working whatever it is.
/// </summary>
public sealed record SpotifyProblem(string Code, string Message, long? RetryAt = null, int? RetryAfterSeconds = null);
