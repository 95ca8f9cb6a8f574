using System.Text.RegularExpressions;
using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Core.Sessions;
using Huddle.Server.Contracts;
using Huddle.Server.Http;
using Huddle.Server.Limits;
using Huddle.Server.Options;
using Huddle.Server.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Music.Spotify;

/// <summary>
/// The Spotify door (docs/music.md): the host links and unlinks the session's Spotify account and
/// reads its status; participants search Spotify's catalog; Spotify sends the host's browser back to
/// the callback. Host-only calls take the host's participant token in <c>X-Participant-Token</c>.
/// </summary>
public static partial class SpotifyApi
{
    public const string CallbackPath = "/api/spotify/callback";
    public const string SearchPolicy = "spotify-search";

    public static IEndpointRouteBuilder MapSpotify(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sessions").WithTags("Spotify");
        var session = $"/{SessionsApi.CodeRoute}/spotify";
        group.MapGet(session, Status).ProducesProblem(403).ProducesProblem(404).ProducesProblem(429);
        group.MapPost($"{session}/link", Link).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(410).ProducesProblem(429);
        group.MapDelete($"{session}/link", Unlink).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);
        group.MapGet($"{session}/search", Search).RequireRateLimiting(SearchPolicy)
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(429).ProducesProblem(503);
        app.MapGet(CallbackPath, Callback).WithTags("Spotify").Produces(302).ProducesProblem(400).ProducesProblem(429);
        return app;
    }

    /// <summary>Any participant learns whether Spotify search is on; only the host sees the account, device and problem.</summary>
    private static async Task<Ok<SpotifyStatusDto>> Status(string code, SessionService sessions, SpotifyLinks links, FailedAttemptLimiter failures, HttpContext http, CancellationToken ct)
    {
        var found = await FindAsync(code, sessions, failures, http, Role.Member, ct);
        var status = StatusOf(links, found.Id);
        return TypedResults.Ok(found.IsHost ? status : status with { Account = null, Product = null, Device = null, Problem = null });
    }

    private static async Task<Ok<SpotifyLinkDto>> Link(
        string code, SessionService sessions, SpotifyLinks links, FailedAttemptLimiter failures, HttpContext http,
        IOptions<HuddleServerOptions> server, CancellationToken ct)
    {
        var found = await FindAsync(code, sessions, failures, http, Role.Host, ct);
        if (!links.Options.Enabled) throw SpotifyErrors.NotConfigured();
        if (found.Kind != SessionKind.Jam) throw SpotifyErrors.NotJam();
        if (!found.Active) throw Errors.SessionEnded();
        var url = links.Start(found.Id, found.Code, PublicLinks.Root(http, server.Value) + CallbackPath);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new SpotifyLinkDto(url));
    }

    private static async Task<NoContent> Unlink(string code, SessionService sessions, SpotifyLinks links, FailedAttemptLimiter failures, HttpContext http, CancellationToken ct)
    {
        var found = await FindAsync(code, sessions, failures, http, Role.Host, ct);
        if (!await links.UnlinkAsync(found.Id)) throw SpotifyErrors.NotLinked();
        return TypedResults.NoContent();
    }

    private static async Task<Ok<SongPageDto>> Search(
        string code, string? q, int? limit, SessionService sessions, SpotifyLinks links, SpotifyTracks tracks,
        FailedAttemptLimiter failures, HttpContext http, CancellationToken ct)
    {
        var text = (q ?? "").Trim();
        if (text.Length is 0 or > 100 || !IsText(text))
            throw Errors.InvalidInput("q must be 1 to 100 characters of text.");
        var take = limit ?? 20;
        if (take is < 1 or > 50) throw Errors.InvalidInput("limit must be between 1 and 50.");
        var found = await FindAsync(code, sessions, failures, http, Role.Member, ct);
        if (links.Get(found.Id) is not { Revoked: false } link) throw SpotifyErrors.NotLinked();
        IReadOnlyList<SpotifyTrack> results;
        try
        {
            results = await links.CallAsync(link, token => links.Client.SearchAsync(token, text, take, ct), ct);
        }
        catch (SpotifyCallException e)
        {
            // The search fails for the caller; only the follower's problems go on the host's screen.
            var problem = links.ProblemOf(e);
            if (problem.RetryAfterSeconds is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw SpotifyErrors.From(problem);
        }

        var songs = results.Select(t =>
        {
            tracks.Remember(t);
            return new SongDto(t.SongId, t.Title, t.Artist, t.Album, t.Year, "Spotify", t.DurationSeconds, HasAudio: false, Track: 0,
                HasCover: t.CoverUrl is not null, t.CoverUrl);
        }).ToList();
        return TypedResults.Ok(new SongPageDto(songs, songs.Count));
    }

    /// <summary>
    /// Spotify sends the host's browser here. The state must be one this server issued, unused and
    /// unexpired; then the code is exchanged with the verifier and the browser goes back to the
    /// session page (<c>?spotify=linked</c>, or the failure's code).
    /// </summary>
    private static async Task<RedirectHttpResult> Callback(
        string? code, string? state, string? error, SpotifyLinks links, SessionService sessions, CancellationToken ct)
    {
        var pending = links.Take(state) ?? throw SpotifyErrors.LinkInvalid();
        var back = $"/s/{pending.Code}?spotify=";
        if (error is not null || string.IsNullOrEmpty(code) || code.Length > 2048 || !Printable().IsMatch(code))
            return TypedResults.Redirect(back + (error == "access_denied" ? "denied" : "failed"));
        SpotifyLink link;
        try
        {
            link = await links.CompleteAsync(pending, code, ct);
        }
        catch (SpotifyCallException e)
        {
            links.LogCallFailed(pending.Code, "link", e.Failure, e.Message);
            return TypedResults.Redirect(back + "failed");
        }

        // Something may be playing already: Spotify starts it now.
        var intent = await sessions.ReadAsync(pending.SessionId, s => s.Status == SessionStatus.Ended ? null : PlayerIntent.Of(s), ct);
        if (intent is null) await links.UnlinkAsync(pending.SessionId);
        else link.Follow(intent);
        return TypedResults.Redirect(back + "linked");
    }

    public static SpotifyStatusDto StatusOf(SpotifyLinks links, Guid sessionId)
    {
        if (!links.Options.Enabled) return new SpotifyStatusDto(false, false, null, null, null, null);
        if (links.Get(sessionId) is not { } link) return new SpotifyStatusDto(true, false, null, null, null, null);
        var problem = link.Problem is { } p ? new SpotifyProblemDto(p.Code, p.Message, p.RetryAt) : null;
        return new SpotifyStatusDto(true, !link.Revoked, link.Account.DisplayName, link.Account.Product, link.DeviceName, problem);
    }

    private sealed record Found(Guid Id, string Code, SessionKind Kind, bool Active, bool IsHost);

    /// <summary>The session by code, for a caller whose participant token has at least <paramref name="role"/>.</summary>
    private static async Task<Found> FindAsync(
        string code, SessionService sessions, FailedAttemptLimiter failures, HttpContext http, Role role, CancellationToken ct)
    {
        var ip = RateLimiting.ClientIp(http);
        failures.EnsureAllowed(ip);
        var token = http.Request.Headers[SessionsApi.ParticipantTokenHeader].ToString();
        var tokenHash = string.IsNullOrEmpty(token) || token.Length > 200 ? null : Secrets.HashToken(token);
        var found = await sessions.ReadByCodeAsync(code, s =>
        {
            if (s.Kind == SessionKind.Coaching) return Array.Empty<Found>(); // not public by code (SessionsApi.LookUp)
            var caller = tokenHash is null ? null : s.FindByTokenHash(tokenHash);
            if (caller is null || caller.Kicked || caller.Role < role)
                throw Errors.NotAllowed(role == Role.Host
                    ? $"Only the host can do this: send the host's participant token in {SessionsApi.ParticipantTokenHeader}."
                    : $"Only participants can do this: send your participant token in {SessionsApi.ParticipantTokenHeader}.");
            return [new Found(s.Id, s.Code, s.Kind, s.Status != SessionStatus.Ended, caller.Role == Role.Host)];
        }, ct);
        if (found is [var session]) return session;
        await failures.RecordFailureAsync(ip);
        throw Errors.SessionNotFound();
    }

    /// <summary>No control characters and no lone surrogate halves (they cannot be sent as UTF-8).</summary>
    private static bool IsText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i])) return false;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return false;
        }

        return true;
    }

    /// <summary>An authorization code is URL-safe printable ASCII.</summary>
    [GeneratedRegex("^[\\x21-\\x7E]+$")]
    private static partial Regex Printable();
}
