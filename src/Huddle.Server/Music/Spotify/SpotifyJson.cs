using System.Text.Json;
using System.Text.Json.Serialization;

namespace Huddle.Server.Music.Spotify;

// Spotify's documented answer shapes (accounts service and Web API), only the fields Huddle reads.

internal static class SpotifyJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}

internal sealed record SpotifyTokenAnswer(string? AccessToken, string? TokenType, int ExpiresIn, string? RefreshToken, string? Scope);

/// <summary>The accounts service's OAuth error: <c>{"error": "invalid_grant", "error_description": "…"}</c>.</summary>
internal sealed record SpotifyOAuthError(string? Error, string? ErrorDescription);

/// <summary>The Web API's error: <c>{"error": {"status": 403, "message": "…", "reason": "PREMIUM_REQUIRED"}}</c>.</summary>
internal sealed record SpotifyApiError(SpotifyApiErrorBody? Error);

internal sealed record SpotifyApiErrorBody(int Status, string? Message, string? Reason);

internal sealed record SpotifyMe(string? Id, string? DisplayName, string? Product);

internal sealed record SpotifyDeviceList(List<SpotifyDeviceJson>? Devices);

internal sealed record SpotifyDeviceJson(string? Id, bool IsActive, bool IsRestricted, string? Name, string? Type);

internal sealed record SpotifySearchAnswer(SpotifyPaging? Tracks);

internal sealed record SpotifyPaging(List<SpotifyTrackJson>? Items, int Total);

internal sealed record SpotifyTrackJson(
    string? Id, string? Name, int DurationMs, List<SpotifyNamed>? Artists, SpotifyAlbumJson? Album, [property: JsonPropertyName("is_playable")] bool? IsPlayable);

internal sealed record SpotifyNamed(string? Name);

internal sealed record SpotifyAlbumJson(string? Name, string? ReleaseDate, List<SpotifyImage>? Images);

internal sealed record SpotifyImage(string? Url, int? Width, int? Height);
