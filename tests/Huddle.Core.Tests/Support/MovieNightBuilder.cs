using System.Globalization;
using System.Text;
using Huddle.Core.Movies;
using Huddle.Core.Sessions;

namespace Huddle.Core.Tests.Support;

/// <summary>
/// Movie sessions for tests: a <see cref="JamBuilder"/> of kind movie whose deck holds films 1..n
/// (ids as given, runtime 100 min), so a test names cards by id without bookkeeping.
/// </summary>
internal static class MovieNightBuilder
{
    public const long Seed = 42;

    public static JamBuilder Create(int cards = 5, SettingsPatch? settings = null, MoviePreferences? preferences = null, string? notice = null)
    {
        var movie = JamBuilder.Create(settings, kind: SessionKind.Movie);
        movie.Do(Session.SetUpMovieNight(preferences ?? new MoviePreferences(), Seed, Cards(1, cards), notice, 0, settings?.DeckReadyCheck ?? false));
        return movie;
    }

    public static MovieCard Card(int id, int? runtime = 100) =>
        new(id, $"Film {id}", 2000, [18], runtime, 7.5, [8], null, "A film.", AvailabilityIsSample: true);

    public static IReadOnlyList<MovieCard> Cards(int firstId, int count) =>
        Enumerable.Range(firstId, count).Select(id => Card(id)).ToList();

    public static IReadOnlyList<SessionEvent> Swipe(this JamBuilder movie, string participantId, int movieId, bool like, long at = 0) =>
        movie.Do(movie.Session.Swipe(participantId, movieId, like), at);

    public static IReadOnlyList<SessionEvent> Like(this JamBuilder movie, int movieId, params string[] participantIds) =>
        participantIds.SelectMany(p => movie.Swipe(p, movieId, true)).ToList();

    public static MovieNight Night(this JamBuilder movie) => movie.Session.MovieNight!;

    public static IReadOnlyList<int> NewMatchIds(this JamBuilder movie) => movie.Night().NewMatches.Select(c => c.MovieId).ToList();

    public static IReadOnlyList<int> MatchIds(this JamBuilder movie) => movie.Night().Matches.Select(c => c.MovieId).ToList();

    /// <summary>Everything observable, movie night included, to prove a command changed nothing.</summary>
    public static string State(Session s)
    {
        var b = new StringBuilder(JamBuilder.Snapshot(s));
        if (s.MovieNight is not { } night) return b.ToString();
        b.Append(CultureInfo.InvariantCulture, $"prefs={night.Preferences.Region} seed={night.Seed} notice={night.Notice}\n");
        b.Append(CultureInfo.InvariantCulture, $"genres={string.Join(',', night.Preferences.GenreIds)} deckReady={(night.DeckReady is null ? "-" : string.Join(',', night.DeckReady))}\n");
        foreach (var c in night.Cards)
        {
            var choices = string.Join(',', c.Choices.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key}:{x.Value}"));
            b.Append(CultureInfo.InvariantCulture, $"C {c.MovieId} {c.Movie.Title} by={c.SuggestedById} matched={c.MatchedAt} {choices}\n");
        }

        if (night.Watching is { } w) b.Append(CultureInfo.InvariantCulture, $"W {w.Card.MovieId} {w.Playback} {w.StartedAt}\n");
        var p = night.Party;
        b.Append(CultureInfo.InvariantCulture, $"P {p.FileId} {p.FileTitle} {p.EveryoneControls} [{string.Join(',', p.Buffering)}] {p.ResumeWhenReady} ready={(p.Ready is null ? "-" : string.Join(',', p.Ready))}\n");
        return b.ToString();
    }

    /// <summary>The command is rejected with <paramref name="code"/> and the session, deck included, is left as it was.</summary>
    public static HuddleException Rejects(Session session, string code, Func<object> command)
    {
        var before = State(session);
        var error = Assert.Throws<HuddleException>(() => command());
        Assert.Equal(code, error.Code);
        Assert.Equal(before, State(session));
        return error;
    }
}
