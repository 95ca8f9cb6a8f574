using Huddle.Core.Movies;
using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;
using static Huddle.Core.Tests.Support.MovieNightBuilder;

namespace Huddle.Core.Tests.Movies;

public class MovieNightTests
{
    private const string Host = JamBuilder.HostId;

    // ---- set-up and dealing ----

    [Fact]
    public void SetUp_StoresPreferencesSeedNoticeAndTheFirstDeckInOrder()
    {
        var preferences = new MoviePreferences { GenreIds = [35], Region = "GB" };

        var movie = Create(cards: 3, preferences: preferences, notice: "TMDB is down");

        var night = movie.Night();
        Assert.Equal(preferences, night.Preferences);
        Assert.Equal(Seed, night.Seed);
        Assert.Equal("TMDB is down", night.Notice);
        Assert.Equal([1, 2, 3], night.Cards.Select(c => c.MovieId));
        Assert.All(night.Cards, c => Assert.Null(c.SuggestedById));
    }

    [Fact]
    public void SetUp_DropsDuplicateFilms_AndAnEmptyDeckIsAllowed()
    {
        var events = Session.SetUpMovieNight(new MoviePreferences(), 1, [Card(1), Card(2), Card(1)], null, 0);
        Assert.Equal([1, 2], Assert.IsType<CardsDealt>(events[1]).Cards.Select(c => c.MovieId));

        var empty = JamBuilder.Create(kind: SessionKind.Movie);
        empty.Do(Session.SetUpMovieNight(new MoviePreferences(), 1, [], null, 0));
        Assert.Empty(empty.Night().Cards);
    }

    [Fact]
    public void PrepareDeal_GivesTheDealerWhatItNeeds()
    {
        var movie = Create(cards: 3, preferences: new MoviePreferences { Region = "DE" });

        var (preferences, seed, inDeck) = movie.Session.PrepareDeal(Host);

        Assert.Equal("DE", preferences.Region);
        Assert.Equal(Seed, seed);
        Assert.Equal([1, 2, 3], inDeck);
    }

    [Fact]
    public void DealCards_AddsNewFilmsAfterTheDeck_AndSkipsFilmsAlreadyIn()
    {
        var movie = Create(cards: 3);

        var events = movie.Do(movie.Session.DealCards(Host, [Card(3), Card(4), Card(5), Card(4)], "fallback", 70), 70);

        var dealt = Assert.IsType<CardsDealt>(Assert.Single(events));
        Assert.Equal([4, 5], dealt.Cards.Select(c => c.MovieId));
        Assert.Equal(Host, dealt.ById);
        Assert.Equal([1, 2, 3, 4, 5], movie.Night().Cards.Select(c => c.MovieId));
        Assert.Equal("fallback", movie.Night().Notice);
        Assert.Equal(70, movie.Night().Find(5)!.AddedAt);
    }

    [Fact]
    public void DealCards_ANewAnswerWithoutNotice_ClearsTheNotice()
    {
        var movie = Create(cards: 1, notice: "TMDB is down");

        movie.Do(movie.Session.DealCards(Host, [Card(2)], null, 0));

        Assert.Null(movie.Night().Notice);
    }

    [Fact]
    public void DealCards_NothingNew_IsNoMoreMovies_AndChangesNothing()
    {
        var movie = Create(cards: 3);

        Rejects(movie.Session, "no_more_movies", () => movie.Session.DealCards(Host, [], null, 0));
        Rejects(movie.Session, "no_more_movies", () => movie.Session.DealCards(Host, [Card(1), Card(2)], null, 0));
    }

    [Fact]
    public void DealCards_ByAMemberOrModerator_IsNotAllowed()
    {
        var movie = Create();
        var bob = movie.Join("Bob");
        var mod = movie.Join("Mo");
        movie.MakeModerator(mod);

        Rejects(movie.Session, "not_allowed", () => movie.Session.DealCards(bob, [Card(9)], null, 0));
        Rejects(movie.Session, "not_allowed", () => movie.Session.DealCards(mod, [Card(9)], null, 0));
        Rejects(movie.Session, "not_allowed", () => movie.Session.PrepareDeal(bob));
    }

    [Fact]
    public void DealCards_FillsTheDeckUpToItsLimit_ThenDeckFull()
    {
        var movie = Create(cards: MovieNight.MaxCards - 2);

        movie.Do(movie.Session.DealCards(Host, Cards(1000, 5), null, 0));

        Assert.Equal(MovieNight.MaxCards, movie.Night().Cards.Count);
        Rejects(movie.Session, "deck_full", () => movie.Session.DealCards(Host, Cards(2000, 1), null, 0));
        Rejects(movie.Session, "deck_full", () => movie.Session.PrepareDeal(Host));
    }

    [Fact]
    public void MovieCommands_InAJamOrRoom_AreNotSupported()
    {
        foreach (var kind in new[] { SessionKind.Jam, SessionKind.Room })
        {
            var jam = JamBuilder.Create(kind: kind);
            Rejects(jam.Session, "not_supported", () => jam.Session.Swipe(Host, 1, true));
            Rejects(jam.Session, "not_supported", () => jam.Session.Suggest(Host, Card(1), null, 0));
            Rejects(jam.Session, "not_supported", () => jam.Session.NeedsSuggestion(Host, 1));
            Rejects(jam.Session, "not_supported", () => jam.Session.PickMovie(Host, 1, 0));
            Rejects(jam.Session, "not_supported", () => jam.Session.PickMovie(Host, null, 0));
            Rejects(jam.Session, "not_supported", () => jam.Session.DealCards(Host, [Card(1)], null, 0));
            Rejects(jam.Session, "not_supported", () => jam.Session.PrepareDeal(Host));
        }
    }

    [Fact]
    public void SongCommands_InAMovieSession_AreNotSupported()
    {
        var movie = Create();

        Rejects(movie.Session, "not_supported", () => movie.Session.AddToQueue(Host, JamBuilder.Song("s1"), "i_1", 0));
        Rejects(movie.Session, "not_supported", () => movie.Session.Vote(Host, "i_1", 1));
        Rejects(movie.Session, "not_supported", () => movie.Session.RemoveFromQueue(Host, "i_1"));
        Rejects(movie.Session, "not_supported", () => movie.Session.PlayNext(Host, 0));
        Rejects(movie.Session, "not_supported", () => movie.Session.VoteSkip(Host, 0));
        Rejects(movie.Session, "not_supported", () => { movie.Session.EnsureSongKind(); return 0; });
        JamBuilder.Create().Session.EnsureSongKind();
    }

    // ---- swipes ----

    [Fact]
    public void Swipe_RecordsTheChoice_AndCounts()
    {
        var movie = Create();
        var bob = movie.Join("Bob");

        var events = movie.Swipe(bob, 2, false);

        Assert.Equal([new Swiped(2, bob, false)], events);
        var card = movie.Night().Find(2)!;
        Assert.Equal((0, 1), (card.Likes, card.Passes));
        Assert.False(card.ChoiceOf(bob));
        Assert.Equal(1, movie.Night().DecidedBy(bob));
        Assert.Equal(0, movie.Night().DecidedBy(Host));
    }

    [Fact]
    public void Swipe_SameChoiceAgain_ChangesNothing()
    {
        var movie = Create();
        movie.Swipe(Host, 1, true);

        Assert.Empty(movie.Session.Swipe(Host, 1, true));
    }

    [Fact]
    public void Swipe_TheOtherWay_ReplacesTheChoice()
    {
        var movie = Create();
        movie.Swipe(Host, 1, true);

        movie.Swipe(Host, 1, false);

        var card = movie.Night().Find(1)!;
        Assert.Equal((0, 1), (card.Likes, card.Passes));
        Assert.Equal(1, movie.Night().DecidedBy(Host));
    }

    [Fact]
    public void Swipe_Rejections_ChangeNothing()
    {
        var movie = Create();
        var bob = movie.Join("Bob");
        movie.Disconnect(bob);

        Rejects(movie.Session, "card_not_found", () => movie.Session.Swipe(Host, 999, true));
        Rejects(movie.Session, "not_joined", () => movie.Session.Swipe(bob, 1, true));
        Rejects(movie.Session, "not_joined", () => movie.Session.Swipe("p_nobody", 1, true));

        movie.Do(movie.Session.UpdateSettings(Host, new SettingsPatch(AllowVoting: false)));
        Rejects(movie.Session, "voting_disabled", () => movie.Session.Swipe(Host, 1, true));

        movie.Do(movie.Session.End(Host, "ended_by_host", 0));
        Rejects(movie.Session, "session_ended", () => movie.Session.Swipe(Host, 1, true));
    }

    // ---- suggestions ----

    [Fact]
    public void Suggest_AddsTheFilmOnce_LikedByWhoSuggestedIt()
    {
        var movie = Create(cards: 2);
        var bob = movie.Join("Bob");
        var cy = movie.Join("Cy");

        var events = movie.Do(movie.Session.Suggest(bob, Card(77), "offline", 30), 30);

        Assert.Equal([new MovieSuggested(Card(77), bob, "Bob", "offline", 30), new Swiped(77, bob, true)], events);
        var card = movie.Night().Cards[^1];
        Assert.Equal((77, bob, "Bob", 1), (card.MovieId, card.SuggestedById, card.SuggestedByName, card.Likes));
        Assert.Equal("offline", movie.Night().Notice);

        Assert.False(movie.Session.NeedsSuggestion(cy, 77));
        Assert.Empty(movie.Session.Suggest(cy, Card(77), null, 40));
        Assert.Empty(movie.Session.Suggest(bob, Card(77), null, 40));
        Assert.Equal(3, movie.Night().Cards.Count);
    }

    [Fact]
    public void Suggest_AFilmAlreadyDealt_ChangesNothing()
    {
        var movie = Create(cards: 2);

        Assert.False(movie.Session.NeedsSuggestion(Host, 2));
        Assert.Empty(movie.Session.Suggest(Host, Card(2), null, 0));
        Assert.True(movie.Session.NeedsSuggestion(Host, 3));
    }

    [Fact]
    public void Suggest_Rejections_ChangeNothing()
    {
        var movie = Create(cards: MovieNight.MaxCards);
        var bob = movie.Join("Bob");
        movie.Disconnect(bob);

        Rejects(movie.Session, "deck_full", () => movie.Session.Suggest(Host, Card(5000), null, 0));
        Rejects(movie.Session, "deck_full", () => movie.Session.NeedsSuggestion(Host, 5000));
        Rejects(movie.Session, "not_joined", () => movie.Session.Suggest(bob, Card(5000), null, 0));
        Rejects(movie.Session, "not_joined", () => movie.Session.NeedsSuggestion(bob, 5000));
    }

    // ---- pick and watch party ----

    [Fact]
    public void Pick_MakesTheFilmTheWatchPartysFilm_PausedAtZero()
    {
        var movie = Create();

        var events = movie.Do(movie.Session.PickMovie(Host, 3, 1_000), 1_000);

        Assert.Equal([new MoviePicked(3, Host, 1_000)], events);
        var watching = movie.Night().Watching!;
        Assert.Equal(3, watching.Card.MovieId);
        Assert.Equal(new PlaybackState(false, 0, 1_000), watching.Playback);
        Assert.Equal(1_000, watching.StartedAt);
    }

    [Fact]
    public void Pick_TheSameFilmAgain_ChangesNothing_AnotherReplacesIt()
    {
        var movie = Create();
        movie.Do(movie.Session.PickMovie(Host, 3, 0));

        Assert.Empty(movie.Session.PickMovie(Host, 3, 10));
        movie.Do(movie.Session.PickMovie(Host, 4, 20), 20);
        Assert.Equal(4, movie.Night().Watching!.Card.MovieId);
    }

    [Fact]
    public void Pick_WithoutId_TakesTheTopMatch()
    {
        var movie = Create(settings: new SettingsPatch(MatchRule: "atLeastTwo"));
        var bob = movie.Join("Bob");
        var cy = movie.Join("Cy");
        movie.Like(2, Host, bob);
        movie.Like(5, Host, bob, cy);

        movie.Do(movie.Session.PickMovie(Host, null, 0));

        Assert.Equal(5, movie.Night().Watching!.Card.MovieId);
    }

    [Fact]
    public void Pick_Rejections_ChangeNothing()
    {
        var movie = Create();
        var bob = movie.Join("Bob");
        var mod = movie.Join("Mo");
        movie.MakeModerator(mod);

        Rejects(movie.Session, "no_match", () => movie.Session.PickMovie(Host, null, 0));
        Rejects(movie.Session, "card_not_found", () => movie.Session.PickMovie(Host, 999, 0));
        Rejects(movie.Session, "not_allowed", () => movie.Session.PickMovie(bob, 1, 0));
        Rejects(movie.Session, "not_allowed", () => movie.Session.PickMovie(mod, 1, 0));
    }

    [Fact]
    public void Playback_HostOrModerator_PlaysPausesAndSeeks_OnTheServerClock()
    {
        var movie = Create();
        var mod = movie.Join("Mo");
        movie.MakeModerator(mod);
        movie.Do(movie.Session.PickMovie(Host, 1, 0));

        movie.Do(movie.Session.UpdatePlayback(Host, true, 0, 1_000), 1_000);
        Assert.Equal(5, movie.Night().Watching!.Playback.PositionAt(6_000), precision: 6);

        var events = movie.Do(movie.Session.UpdatePlayback(mod, false, 600, 7_000), 7_000);

        Assert.Equal([new WatchPlaybackChanged(false, 600, 7_000, mod)], events);
        Assert.Equal(new PlaybackState(false, 600, 7_000), movie.Night().Watching!.Playback);
        Assert.Null(movie.Session.NowPlaying); // the jam's now playing is untouched
    }

    [Fact]
    public void Playback_PositionIsBoundedByTheRuntime()
    {
        var movie = Create();
        movie.Do(movie.Session.PickMovie(Host, 1, 0)); // 100 min

        movie.Do(movie.Session.UpdatePlayback(Host, true, 6_000, 0));
        Rejects(movie.Session, "invalid_input", () => movie.Session.UpdatePlayback(Host, true, 6_000.5, 0));
        Rejects(movie.Session, "invalid_input", () => movie.Session.UpdatePlayback(Host, true, -1, 0));
        Rejects(movie.Session, "invalid_input", () => movie.Session.UpdatePlayback(Host, true, double.NaN, 0));
    }

    [Fact]
    public void Playback_UnknownRuntime_AcceptsAnyPositionFromZero()
    {
        var movie = JamBuilder.Create(kind: SessionKind.Movie);
        movie.Do(Session.SetUpMovieNight(new MoviePreferences(), 1, [Card(1, runtime: null)], null, 0));
        movie.Do(movie.Session.PickMovie(Host, 1, 0));

        movie.Do(movie.Session.UpdatePlayback(Host, true, 99_999, 0));

        Assert.Equal(99_999, movie.Night().Watching!.Playback.PositionSeconds);
    }

    [Fact]
    public void Playback_Rejections_ChangeNothing()
    {
        var movie = Create();
        var bob = movie.Join("Bob");

        Rejects(movie.Session, "nothing_playing", () => movie.Session.UpdatePlayback(Host, true, 0, 0));
        movie.Do(movie.Session.PickMovie(Host, 1, 0));
        Rejects(movie.Session, "not_allowed", () => movie.Session.UpdatePlayback(bob, true, 0, 0));

        var room = JamBuilder.Create(kind: SessionKind.Room);
        Rejects(room.Session, "not_supported", () => room.Session.UpdatePlayback(Host, true, 0, 0));
    }

    // ---- storage ----

    [Fact]
    public void RoundTrip_TheLogRebuildsTheSameMovieNight_WithoutTheCatalog()
    {
        var (original, commits) = RecordedMovieNight();

        var rebuilt = new Session(new HuddleLimits());
        foreach (var commit in commits)
        {
            var events = SessionEventJson.Deserialize(SessionEventJson.Serialize(commit.Events));
            rebuilt.Apply(commit with { Events = events });
        }

        Assert.Equal(State(original), State(rebuilt));
        Assert.Equal(original.MovieNight!.Preferences.GenreIds, rebuilt.MovieNight!.Preferences.GenreIds);
        Assert.Equal(original.MovieNight.Matches.Select(c => c.MovieId), rebuilt.MovieNight.Matches.Select(c => c.MovieId));
        Assert.Equal(MatchRule.Majority, rebuilt.Settings.MatchRule);
    }

    [Fact]
    public void Serialize_MovieEvents_CarryTheWholeCard()
    {
        var json = SessionEventJson.Serialize([new CardsDealt([Card(550)], null, null, 5), new Swiped(550, "p_a", true)]);

        Assert.Contains("\"type\":\"cardsDealt\"", json, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Film 550\"", json, StringComparison.Ordinal);
        Assert.Contains("\"runtimeMinutes\":100", json, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"swiped\"", json, StringComparison.Ordinal);
    }

    /// <summary>A movie night that goes through every movie event (the watch party's too), recording its commits.</summary>
    internal static (Session Session, IReadOnlyList<Commit> Commits) RecordedMovieNight()
    {
        var movie = Create(
            cards: 4,
            settings: new SettingsPatch(MatchRule: "majority"),
            preferences: new MoviePreferences { GenreIds = [35, 18], MinRating = 7 },
            notice: "TMDB is down");
        var s = movie.Session;
        var bob = movie.Join("Bob");
        var cy = movie.Join("Cy");
        movie.Do(s.Swipe(Host, 1, true));
        movie.Do(s.Swipe(cy, 1, false));
        movie.Do(s.Suggest(bob, Card(42) with { Title = "Ünïcødé \"quoted\"" }, null, 10));
        movie.Do(s.Swipe(cy, 42, true));
        movie.Do(s.DealCards(Host, Cards(5, 2), null, 20));
        movie.Do(s.Swipe(bob, 1, true));
        movie.Do(s.Unswipe(cy, 42));
        movie.Do(s.ChangePreferences(Host, new MoviePreferences { GenreIds = [18] }, Cards(9, 1), null, 25));
        movie.Do(s.StartDeckReadyCheck(Host, 26));
        movie.Do(s.MarkDeckReady(bob));
        movie.Do(s.OpenDeck(Host));
        movie.Do(s.PickMovie(Host, null, 30));
        movie.Do(s.UpdatePlayback(Host, true, 12.5, 40));
        movie.Do(s.ChooseWatchFile(Host, "0123456789abcdef", "Film one", 45));
        movie.Do(s.SetWatchControl(Host, true));
        movie.Do(s.StartReadyCheck(Host, 46));
        movie.Do(s.MarkReady(bob, 47));
        movie.Do(s.MarkReady(cy, 48)); // everyone: the check ends and the film plays
        movie.Do(s.ReportBuffering(bob, true, 50));
        movie.Do(s.ChooseWatchPlatform(Host, new WatchPlatform(8, "Netflix", "https://www.themoviedb.org/movie/1/watch?locale=US"), 52));
        movie.Do(s.StartCountdown(Host, 53));
        movie.Do(s.Kick(Host, cy));
        return (s, movie.Commits);
    }
}
