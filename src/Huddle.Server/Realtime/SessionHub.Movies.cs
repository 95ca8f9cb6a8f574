using System.Text.Json;
using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Core.Movies;
using Huddle.Core.Sessions;
using Microsoft.AspNetCore.Mvc;
using static Huddle.Server.Realtime.HubRequests;

namespace Huddle.Server.Realtime;

public sealed record SwipeRequest(int? MovieId, bool? Like);

public sealed record MovieRequest(int? MovieId);

public sealed record WatchFileRequest(string? FileId);

public sealed record WatchControlRequest(bool? Everyone);

public sealed record BufferingRequest(bool? Buffering);

public sealed record WatchPlatformRequest(int? ProviderId);

/// <summary>
/// The movie kind's hub methods (SPEC §5.1 <c>Swipe</c>, <c>SuggestMovie</c>, <c>PickMovie</c>, plus
/// <c>DealMore</c>). In other kinds they answer <c>not_supported</c>. Methods that need the catalog
/// go through <see cref="MovieNightService"/>, which asks it before taking the session's gate.
/// </summary>
public sealed partial class SessionHub
{
    public Task Swipe(JsonElement request)
    {
        var swipe = Parse<SwipeRequest>(request);
        var movieId = MovieId(swipe.MovieId);
        var like = Required(swipe.Like, "like");
        return Mutate((s, me, _) => s.Swipe(me, movieId, like));
    }

    public Task SuggestMovie(JsonElement request, [FromServices] MovieNightService movies)
    {
        var movieId = MovieId(Parse<MovieRequest>(request).MovieId);
        var (sessionId, participantId) = Require();
        return movies.SuggestAsync(sessionId, participantId, movieId, Context.ConnectionAborted);
    }

    /// <summary><c>movieId</c> omitted: the best-ranked match.</summary>
    public Task PickMovie(JsonElement request)
    {
        var movieId = Parse<MovieRequest>(request).MovieId;
        if (movieId is not null) MovieId(movieId);
        return Mutate((s, me, now) => s.PickMovie(me, movieId, now));
    }

    /// <summary>The host deals more cards; returns how many joined the deck.</summary>
    public Task<int> DealMore([FromServices] MovieNightService movies)
    {
        var (sessionId, participantId) = Require();
        return movies.DealMoreAsync(sessionId, participantId, Context.ConnectionAborted);
    }

    /// <summary>The host chooses the film folder's file the party plays (<c>fileId</c> null: none).</summary>
    public Task ChooseWatchFile(JsonElement request, [FromServices] IFilmLibrary films)
    {
        var fileId = Parse<WatchFileRequest>(request).FileId;
        FilmInfo? film = null;
        if (fileId is not null)
        {
            film = (WatchParty.IsFileId(fileId) ? films.Find(fileId) : null)
                ?? throw new HuddleException(ErrorCodes.FilmNotFound, "The film folder has no such film.", ErrorKind.NotFound);
        }

        return Mutate((s, me, now) => s.ChooseWatchFile(me, film?.Id, film?.Title, now));
    }

    /// <summary>The host lets everyone (true) or only the host and moderators (false) play, pause and seek.</summary>
    public Task SetWatchControl(JsonElement request)
    {
        var everyone = Required(Parse<WatchControlRequest>(request).Everyone, "everyone");
        return Mutate((s, me, _) => s.SetWatchControl(me, everyone));
    }

    /// <summary>This member's player started (true) or stopped (false) buffering.</summary>
    public Task ReportBuffering(JsonElement request)
    {
        var buffering = Required(Parse<BufferingRequest>(request).Buffering, "buffering");
        return Mutate((s, me, now) => s.ReportBuffering(me, buffering, now));
    }

    /// <summary>The host asks everyone "Ready?" before the film starts (the film folder's file).</summary>
    public Task StartReadyCheck() => Mutate((s, me, now) => s.StartReadyCheck(me, now));

    /// <summary>This member is ready; the last one starts the film from 0:00 for everyone.</summary>
    public Task MarkReady() => Mutate((s, me, now) => s.MarkReady(me, now));

    /// <summary>The host names the streaming platform the party watches on (<c>providerId</c> null: none).</summary>
    public Task ChooseWatchPlatform(JsonElement request, [FromServices] MovieNightService movies)
    {
        var providerId = Parse<WatchPlatformRequest>(request).ProviderId;
        if (providerId is <= 0) throw Errors.InvalidInput("'providerId' must be a positive integer.");
        var (sessionId, participantId) = Require();
        return movies.ChoosePlatformAsync(sessionId, participantId, providerId, Context.ConnectionAborted);
    }

    /// <summary>The shared 3-2-1 on a platform: "Play now" on every device at the same server-clock moment.</summary>
    public Task StartCountdown() => Mutate((s, me, now) => s.StartCountdown(me, now));

    private static int MovieId(int? value) =>
        Required(value, "movieId") is var id and > 0 ? id : throw Errors.InvalidInput("'movieId' must be a positive integer.");
}
