namespace Huddle.Server.Music.Spotify;

/// <summary>
/// The session's Spotify (<c>GET /api/sessions/{code}/spotify</c>), never a token. <c>Configured</c>
/// false means the server has no client id (no "Link Spotify" button). Account, product, device and
/// problem are the host's only: other participants get them as null.
/// </summary>
public sealed record SpotifyStatusDto(
    bool Configured, bool Linked, string? Account, string? Product, string? Device, SpotifyProblemDto? Problem);

/// <summary>The latest problem: a stable code, a sentence for the host, and when calls resume after a 429 (Unix ms).</summary>
public sealed record SpotifyProblemDto(string Code, string Message, long? RetryAt);

/// <summary>Where the host's browser goes to grant access.</summary>
public sealed record SpotifyLinkDto(string AuthorizeUrl);
