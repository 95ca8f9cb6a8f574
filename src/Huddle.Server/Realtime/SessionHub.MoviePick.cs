using System.Text.Json;
using Huddle.Core.Application;
using Huddle.Core.Movies;
using Microsoft.AspNetCore.Mvc;
using static Huddle.Server.Realtime.HubRequests;

namespace Huddle.Server.Realtime;

/// <summary>New preferences mid-pick; <c>region</c> may be omitted (it cannot change), lists may be empty (any).</summary>
public sealed record PreferencesChangeRequest(
    IReadOnlyList<int>? GenreIds, IReadOnlyList<int>? ProviderIds, string? Region, int? YearFrom, int? YearTo, double? MinRating, int? MaxRuntimeMinutes);

/// <summary>
/// The pick's options (issue 21): new preferences mid-pick (through <see cref="MovieNightService"/>, which
/// asks the catalog outside the gate), the ready check before the deck opens, and withdrawing a swipe.
/// </summary>
public sealed partial class SessionHub
{
    /// <summary>The host (or a moderator) changes the filters: a new deal that keeps the choices on films that stay.</summary>
    public Task ChangePreferences(JsonElement request, [FromServices] MovieNightService movies)
    {
        var p = Parse<PreferencesChangeRequest>(request);
        var preferences = new MoviePreferences
        {
            GenreIds = p.GenreIds ?? [], ProviderIds = p.ProviderIds ?? [], YearFrom = p.YearFrom, YearTo = p.YearTo,
            MinRating = p.MinRating, MaxRuntimeMinutes = p.MaxRuntimeMinutes,
        };
        var (sessionId, participantId) = Require();
        return movies.ChangePreferencesAsync(sessionId, participantId, preferences, p.Region, Context.ConnectionAborted);
    }

    /// <summary>The host (or a moderator) closes the deck until everyone present is ready.</summary>
    public Task StartDeckReadyCheck() => Mutate((s, me, now) => s.StartDeckReadyCheck(me, now));

    /// <summary>This member is ready for the deck; the last one opens it for everyone.</summary>
    public Task MarkDeckReady() => Mutate((s, me, _) => s.MarkDeckReady(me));

    /// <summary>The host (or a moderator) opens the deck without waiting.</summary>
    public Task OpenDeck() => Mutate((s, me, _) => s.OpenDeck(me));

    /// <summary>Withdraws this member's like or pass on a card (the web app's Undo).</summary>
    public Task Unswipe(JsonElement request)
    {
        var movieId = MovieId(Parse<MovieRequest>(request).MovieId);
        return Mutate((s, me, _) => s.Unswipe(me, movieId));
    }
}
