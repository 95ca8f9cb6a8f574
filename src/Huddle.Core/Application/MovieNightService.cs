using Huddle.Core.Movies;
using Huddle.Core.Sessions;

namespace Huddle.Core.Application;

/// <summary>
/// The movie kind's application work that needs the catalog. The catalog may be TMDB (slow, remote,
/// failing over to the offline catalog), so it is asked first, outside the session's gate; then a
/// pure command decides with the card data, through <see cref="SessionService.MutateAsync"/>, which
/// serializes the session and retries on version conflicts between nodes. The events carry the
/// cards, so nothing later (a restart, another node) asks the catalog again.
/// </summary>
public sealed class MovieNightService(SessionService sessions, IMovieCatalog catalog)
{
    /// <summary>Discover pages read for one deal at most (pages of 100: enough for a full deck and the pool).</summary>
    private const int MaxDiscoverPages = 4;

    public IMovieCatalog Catalog => catalog;

    /// <summary>
    /// Creates a movie session: checks the preferences against the catalog's one id↔name mapping
    /// (<c>unknown_genre</c>, <c>unknown_provider</c>, <c>invalid_input</c>), picks the session's deck
    /// seed, deals the first deck and commits all of it with the session's creation.
    /// </summary>
    public async Task<JoinResult<T>> CreateAsync<T>(
        string? hostName, string? title, SettingsPatch? settings, MoviePreferences? preferences,
        JoinView<T> view, CancellationToken ct)
    {
        // The cheap checks first, so a bad name or setting costs no catalog request.
        Validate.Name(hostName, sessions.Limits);
        Validate.Title(title, sessions.Limits);
        var checkedSettings = SessionSettings.Defaults(sessions.Limits).With(settings ?? new SettingsPatch(), sessions.Limits);

        var valid = await catalog.ValidatePreferencesAsync(preferences, ct);
        var seed = Random.Shared.NextInt64();
        var (cards, notice) = await DealAsync(valid, seed, [], ct);
        return await sessions.CreateAsync(
            SessionKind.Movie, hostName, title, settings, now => Session.SetUpMovieNight(valid, seed, cards, notice, now, checkedSettings.DeckReadyCheck), view, ct);
    }

    /// <summary>The host deals the next cards matching the preferences; returns how many joined the deck.</summary>
    public async Task<int> DealMoreAsync(Guid sessionId, string actorId, CancellationToken ct)
    {
        var (preferences, seed, inDeck) = await sessions.ReadAsync(sessionId, s => s.PrepareDeal(actorId), ct);
        var (cards, notice) = await DealAsync(preferences, seed, inDeck.ToHashSet(), ct);
        var before = 0;
        return await sessions.MutateAsync(
            sessionId,
            (s, now) =>
            {
                before = s.MovieNight?.Cards.Count ?? 0;
                return s.DealCards(actorId, cards, notice, now);
            },
            s => s.MovieNight!.Cards.Count - before,
            ct);
    }

    /// <summary>
    /// The host (or a moderator) changes the preferences mid-pick: checked like at creation, then a new deal
    /// for them with the session's seed; the command keeps the cards that still fit with their choices.
    /// <paramref name="region"/> is the request's, if it named one (the region cannot change).
    /// </summary>
    public async Task ChangePreferencesAsync(Guid sessionId, string actorId, MoviePreferences? preferences, string? region, CancellationToken ct)
    {
        var (sessionRegion, seed, inDeck) = await sessions.ReadAsync(sessionId, s => s.PreparePreferenceChange(actorId, region), ct);
        var valid = await catalog.ValidatePreferencesAsync((preferences ?? new MoviePreferences()) with { Region = sessionRegion }, ct);
        var (cards, notice) = await DealAsync(valid, seed, inDeck.ToHashSet(), ct);
        await sessions.MutateAsync(sessionId, (s, now) => s.ChangePreferences(actorId, valid, cards, notice, now), ct);
    }

    /// <summary>A participant suggests a film found by search; it joins the deck once.</summary>
    public async Task SuggestAsync(Guid sessionId, string actorId, int movieId, CancellationToken ct)
    {
        var (needed, region) = await sessions.ReadAsync(
            sessionId, s => (s.NeedsSuggestion(actorId, movieId), s.MovieNight!.Preferences.Region), ct);
        if (!needed) return;
        var answer = await catalog.GetMovieAsync(movieId, ct);
        var card = MovieCard.From(answer.Value, region, answer.AvailabilityIsSample);
        await sessions.MutateAsync(sessionId, (s, now) => s.Suggest(actorId, card, answer.Notice, now), ct);
    }

    /// <summary>
    /// The host names the streaming platform the party watches on (null: none): one of the picked film's
    /// where-to-watch platforms in the session's region, or any platform offered there
    /// (<c>unknown_provider</c> otherwise). The link everyone opens is TMDB's watch page for the film.
    /// </summary>
    public async Task ChoosePlatformAsync(Guid sessionId, string actorId, int? providerId, CancellationToken ct)
    {
        WatchPlatform? platform = null;
        if (providerId is { } id)
        {
            var (movieId, region) = await sessions.ReadAsync(sessionId, s => s.PreparePlatformChoice(actorId), ct);
            var options = await catalog.GetWatchOptionsAsync(movieId, region, ct);
            var name = options.Value.Offers.FirstOrDefault(o => o.ProviderId == id)?.ProviderName
                ?? (await catalog.GetProvidersAsync(region, ct)).Value.FirstOrDefault(p => p.Id == id)?.Name
                ?? throw MovieErrors.UnknownProvider(id, region);
            platform = WatchPlatform.Create(id, name, options.Value.Link ?? WatchPlatform.TmdbWatchPage(movieId, region));
        }

        await sessions.MutateAsync(sessionId, (s, now) => s.ChooseWatchPlatform(actorId, platform, now), ct);
    }

    /// <summary>
    /// Reads enough discover results to fill a deck from the best candidates not yet dealt, deals
    /// them with the session's seed, and completes what list results lack (TMDB's have no runtime
    /// and no availability) from each dealt film's details.
    /// </summary>
    private async Task<(IReadOnlyList<MovieCard> Cards, string? Notice)> DealAsync(
        MoviePreferences preferences, long seed, HashSet<int> inDeck, CancellationToken ct)
    {
        var wanted = DeckDealer.DeckSize * DeckDealer.PoolFactor;
        var candidates = new List<Movie>();
        var sample = new Dictionary<int, bool>();
        string? notice = null;
        for (var page = 1; page <= MaxDiscoverPages; page++)
        {
            var answer = await catalog.DiscoverAsync(preferences, page, MoviePaging.MaxPageSize, ct);
            notice ??= answer.Notice;
            foreach (var movie in answer.Value.Movies)
            {
                candidates.Add(movie);
                sample[movie.Id] = answer.AvailabilityIsSample;
            }

            if (!answer.Value.HasMore || candidates.Count(m => !inDeck.Contains(m.Id)) >= wanted) break;
        }

        var dealt = DeckDealer.DealMore(candidates, seed, inDeck);
        var cards = await Task.WhenAll(dealt.Select(m => CardAsync(m, preferences.Region, sample[m.Id], ct)));
        return (cards.Select(c => c.Card).ToList(), notice ?? cards.Select(c => c.Notice).FirstOrDefault(n => n is not null));
    }

    private async Task<(MovieCard Card, string? Notice)> CardAsync(Movie movie, string region, bool sample, CancellationToken ct)
    {
        if (movie.RuntimeMinutes is not null && movie.Availability.Count > 0) return (MovieCard.From(movie, region, sample), null);
        try
        {
            var details = await catalog.GetMovieAsync(movie.Id, ct);
            return (MovieCard.From(details.Value, region, details.AvailabilityIsSample), details.Notice);
        }
        catch (HuddleException e) when (e.Code == ErrorCodes.MovieNotFound)
        {
            // Listed but gone a moment later: the list's data is still a fine card.
            return (MovieCard.From(movie, region, sample), null);
        }
    }
}
