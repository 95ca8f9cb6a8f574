using Huddle.Core.Movies;
using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;
using static Huddle.Core.Tests.Support.MovieNightBuilder;

namespace Huddle.Core.Tests.Movies;

/// <summary>
/// The pick's options (issue 21): the host changes the filters mid-pick, the deck opens behind a ready
/// check, a swipe can be withdrawn, and with endAtFirstMatch the first match is the pick.
/// </summary>
public class PickOptionsTests
{
    private const string Host = JamBuilder.HostId;

    private static readonly MoviePreferences Comedies = new() { GenreIds = [35] };

    private static MovieCard Comedy(int id) => Card(id) with { GenreIds = [35] };

    [Fact]
    public void ChangePreferences_KeepsChoicesOnCardsThatFit_DropsTheRest_AndDealsNewOnes()
    {
        var movie = Create(cards: 0);
        movie.Do(movie.Session.DealCards(Host, [Comedy(1), Card(2), Card(3)], null, 0));
        var gia = movie.Join("Gia");
        movie.Swipe(gia, 1, true);
        movie.Swipe(gia, 2, false);

        var events = movie.Do(movie.Session.ChangePreferences(Host, Comedies, [Comedy(1), Comedy(10), Comedy(11)], null, 5), 5);

        var changed = Assert.IsType<PreferencesChanged>(events[0]);
        Assert.Equal((Comedies, Host, 5L), (changed.Preferences, changed.ById, changed.At));
        Assert.Equal([2, 3], changed.Dropped);
        Assert.Equal([1, 10, 11], movie.Night().Cards.Select(c => c.MovieId));
        Assert.True(movie.Night().Find(1)!.ChoiceOf(gia)); // the like on a film that stays still counts
        Assert.Equal(1, movie.Night().DecidedBy(gia));
        Assert.Equal([35], movie.Night().Preferences.GenreIds);
    }

    [Fact]
    public void ChangePreferences_MatchesSuggestionsAndThePick_Stay()
    {
        var movie = Create(cards: 3);
        var gia = movie.Join("Gia");
        movie.Like(1, Host, gia); // a match on a drama
        movie.Do(movie.Session.Suggest(gia, Card(7), null, 1));
        movie.Do(movie.Session.PickMovie(Host, 2, 2));

        movie.Do(movie.Session.ChangePreferences(Host, Comedies, [Comedy(10)], null, 5), 5);

        Assert.Equal([1, 2, 7, 10], movie.Night().Cards.Select(c => c.MovieId));
        Assert.Equal([1], movie.MatchIds());
        Assert.Equal(2, movie.Night().Watching!.Card.MovieId);
    }

    [Fact]
    public void ChangePreferences_ByAModerator_IsAllowed_ByAGuest_Not_AndErrorsChangeNothing()
    {
        var movie = Create(cards: 3);
        var gia = movie.Join("Gia");
        var mod = movie.Join("Mo");
        movie.MakeModerator(mod);

        Rejects(movie.Session, "not_allowed", () => movie.Session.ChangePreferences(gia, Comedies, [Comedy(10)], null, 5));
        Rejects(movie.Session, "not_allowed", () => movie.Session.PreparePreferenceChange(gia, null));
        Rejects(movie.Session, "invalid_input", () => movie.Session.PreparePreferenceChange(Host, "GB"));
        Rejects(movie.Session, "invalid_input", () => movie.Session.ChangePreferences(Host, Comedies with { Region = "GB" }, [Comedy(10)], null, 5));
        // Nothing fits and the catalog dealt nothing: refused instead of an empty deck.
        Rejects(movie.Session, "no_more_movies", () => movie.Session.ChangePreferences(Host, Comedies, [], null, 5));

        Assert.Equal(("US", Seed), (movie.Session.PreparePreferenceChange(mod, "us").Region, movie.Session.PreparePreferenceChange(mod, null).Seed));
        movie.Do(movie.Session.ChangePreferences(mod, Comedies, [Comedy(10)], null, 5), 5);
        Assert.Equal([10], movie.Night().Cards.Select(c => c.MovieId));
    }

    [Fact]
    public void ChangePreferences_WithTheReadyCheckSetting_ClosesTheNewDeck()
    {
        var movie = Create(cards: 2, settings: new SettingsPatch(DeckReadyCheck: true));
        Assert.NotNull(movie.Night().DeckReady); // set at create: the first deck waits too
        movie.Do(movie.Session.OpenDeck(Host));

        movie.Do(movie.Session.ChangePreferences(Host, Comedies, [Comedy(10)], null, 5), 5);

        Assert.Equal([], movie.Night().DeckReady);
    }

    [Fact]
    public void DeckReadyCheck_OpensWhenTheLastPresentMemberIsReady_AndBlocksSwipesUntilThen()
    {
        var movie = Create(cards: 3);
        var gia = movie.Join("Gia");
        var tom = movie.Join("Tom");
        var ann = movie.Join("Ann");
        movie.Disconnect(ann); // someone who left is not waited for

        movie.Do(movie.Session.StartDeckReadyCheck(Host, 1), 1);
        Assert.Empty(movie.Session.StartDeckReadyCheck(Host, 2)); // already running
        Rejects(movie.Session, "deck_closed", () => movie.Session.Swipe(gia, 1, true));
        Rejects(movie.Session, "deck_closed", () => movie.Session.Unswipe(gia, 1));

        Assert.Equal([new DeckReadyMarked(gia)], movie.Do(movie.Session.MarkDeckReady(gia)));
        Assert.Empty(movie.Session.MarkDeckReady(gia));
        Assert.Empty(movie.Session.MarkDeckReady(Host)); // the host counts as ready
        Assert.Equal([new DeckReadyMarked(tom), new DeckOpened(null)], movie.Do(movie.Session.MarkDeckReady(tom)));

        Assert.Null(movie.Night().DeckReady);
        movie.Swipe(gia, 1, true);
        Assert.True(movie.Night().Find(1)!.ChoiceOf(gia));
    }

    [Fact]
    public void DeckReadyCheck_HostOpensAnyway_AndRejectionsAreCoded()
    {
        var movie = Create(cards: 3);
        var gia = movie.Join("Gia");

        Rejects(movie.Session, "no_ready_check", () => movie.Session.MarkDeckReady(gia));
        Rejects(movie.Session, "not_allowed", () => movie.Session.StartDeckReadyCheck(gia, 1));
        Assert.Empty(movie.Session.OpenDeck(Host)); // open already
        movie.Do(movie.Session.StartDeckReadyCheck(Host, 1), 1);
        Rejects(movie.Session, "not_allowed", () => movie.Session.OpenDeck(gia));

        Assert.Equal([new DeckOpened(Host)], movie.Do(movie.Session.OpenDeck(Host)));
        Assert.Null(movie.Night().DeckReady);
        movie.Do(movie.Session.PickMovie(Host, 1, 5), 5);
        Rejects(movie.Session, "no_ready_check", () => movie.Session.StartDeckReadyCheck(Host, 6));
    }

    [Fact]
    public void Unswipe_WithdrawsTheChoice_ButAMatchStays()
    {
        var movie = Create(cards: 3);
        var gia = movie.Join("Gia");
        movie.Swipe(gia, 2, false);

        Assert.Equal([new Unswiped(2, gia)], movie.Do(movie.Session.Unswipe(gia, 2)));
        Assert.Null(movie.Night().Find(2)!.ChoiceOf(gia));
        Assert.Equal(0, movie.Night().Find(2)!.Passes);
        Assert.Empty(movie.Session.Unswipe(gia, 2)); // nothing left to withdraw

        movie.Like(1, Host, gia);
        movie.Do(movie.Session.Unswipe(gia, 1));
        Assert.Equal([1], movie.MatchIds());
        Assert.Equal(1, movie.Night().Find(1)!.Likes);
        Rejects(movie.Session, "card_not_found", () => movie.Session.Unswipe(gia, 99));
    }

    [Fact]
    public void EndAtFirstMatch_TheFirstMatchBecomesThePick()
    {
        var movie = Create(cards: 3, settings: new SettingsPatch(EndAtFirstMatch: true));
        var gia = movie.Join("Gia");
        movie.Swipe(Host, 2, true);
        Assert.Null(movie.Night().Watching);

        movie.Do(movie.Session.Swipe(gia, 2, true), 7);

        Assert.Equal(2, movie.Night().Watching!.Card.MovieId);
        Assert.Equal(new PlaybackState(false, 0, 7), movie.Night().Watching!.Playback);
        Assert.Equal(2, movie.Night().PickedAtMatch!.MovieId);

        movie.Like(1, Host, gia); // a later match does not replace the pick
        Assert.Equal(2, movie.Night().Watching!.Card.MovieId);
        Assert.Null(movie.Night().PickedAtMatch);
    }

    [Fact]
    public void WithoutEndAtFirstMatch_AMatchIsNotThePick()
    {
        var movie = Create(cards: 3);
        var gia = movie.Join("Gia");

        movie.Like(2, Host, gia);

        Assert.Equal([2], movie.MatchIds());
        Assert.Null(movie.Night().Watching);
    }

    [Fact]
    public void Tally_ListsEveryDecidedFilm_WithLikesAndPasses_InRankingOrder()
    {
        var movie = Create(cards: 4);
        var gia = movie.Join("Gia");
        movie.Swipe(gia, 3, false);
        movie.Like(2, Host, gia);
        movie.Swipe(Host, 1, true);
        movie.Swipe(gia, 1, false);

        Assert.Equal([(2, 2, 0), (1, 1, 1), (3, 0, 1)], movie.Night().Tally().Select(c => (c.MovieId, c.Likes, c.Passes)));
    }
}
