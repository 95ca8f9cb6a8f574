using Huddle.Core.Movies;
using static Huddle.Core.Tests.Movies.MovieBuilder;

namespace Huddle.Core.Tests.Movies;

public class DeckDealerTests
{
    private static readonly OfflineMovieCatalog Embedded = OfflineMovieCatalog.LoadEmbedded();

    private static readonly MoviePreferences Comedies = new() { GenreIds = [35], Region = "US" };

    private static IReadOnlyList<Movie> Candidates(MoviePreferences preferences) => Embedded.Discover(preferences, 1, 100).Movies;

    [Fact]
    public void Deal_Gives20CardsMatchingThePreferencesWithoutDuplicates()
    {
        var deck = DeckDealer.Deal(Candidates(Comedies), seed: 42);

        Assert.Equal(20, deck.Count);
        Assert.All(deck, m => Assert.True(Comedies.Matches(m)));
        Assert.Equal(20, deck.Select(m => m.Id).Distinct().Count());
    }

    [Fact]
    public void Deal_SameSeed_SameDeckInTheSameOrder()
    {
        var first = DeckDealer.Deal(Candidates(Comedies), seed: 7);
        var again = DeckDealer.Deal(Candidates(Comedies), seed: 7);

        Assert.Equal(first.Select(m => m.Id), again.Select(m => m.Id));
    }

    [Fact]
    public void Deal_DifferentSeeds_DifferentDecks()
    {
        var one = DeckDealer.Deal(Candidates(Comedies), seed: 1);
        var two = DeckDealer.Deal(Candidates(Comedies), seed: 2);

        Assert.NotEqual(one.Select(m => m.Id), two.Select(m => m.Id));
    }

    [Fact]
    public void Deal_SessionSeeds_DifferAcrossSessionsAndStayStable()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();

        Assert.Equal(DeckDealer.SeedFor(a), DeckDealer.SeedFor(a));
        Assert.NotEqual(DeckDealer.SeedFor(a), DeckDealer.SeedFor(b));
    }

    [Fact]
    public void Deal_DoesNotDependOnHowCandidatesAreShuffledWithinThePool()
    {
        var candidates = Films(30);

        var deck = DeckDealer.Deal(candidates, seed: 3, count: 10);
        var fromReversed = DeckDealer.Deal(candidates.Reverse(), seed: 3, count: 10);

        // The pool is the same 30 films either way, so the seeded order picks the same cards.
        Assert.Equal(deck.Select(m => m.Id), fromReversed.Select(m => m.Id));
    }

    [Fact]
    public void Deal_PrefersTheMostRelevantCandidates()
    {
        var candidates = Films(200);

        var deck = DeckDealer.Deal(candidates, seed: 11);

        Assert.All(deck, m => Assert.InRange(m.Id, 1, DeckDealer.DeckSize * DeckDealer.PoolFactor));
    }

    [Fact]
    public void DealMore_ExcludesFilmsAlreadyDealt()
    {
        var candidates = Candidates(Comedies);
        var first = DeckDealer.Deal(candidates, seed: 5);

        var more = DeckDealer.DealMore(candidates, seed: 5, first.Select(m => m.Id));

        Assert.Equal(20, more.Count);
        Assert.Empty(more.Select(m => m.Id).Intersect(first.Select(m => m.Id)));
        Assert.All(more, m => Assert.True(Comedies.Matches(m)));
    }

    [Fact]
    public void DealMore_FewerThan20WhenTheCandidatesRunOut()
    {
        var candidates = Films(27);
        var first = DeckDealer.Deal(candidates, seed: 9);

        var more = DeckDealer.DealMore(candidates, seed: 9, first.Select(m => m.Id));
        var none = DeckDealer.DealMore(candidates, seed: 9, first.Concat(more).Select(m => m.Id));

        Assert.Equal(20, first.Count);
        Assert.Equal(7, more.Count);
        Assert.Empty(none);
        Assert.Equal(Enumerable.Range(1, 27), first.Concat(more).Select(m => m.Id).Order());
    }

    [Fact]
    public void Deal_SmallCatalog_DealsEverythingOnce()
    {
        var catalog = CatalogOf(Films(5));

        var deck = DeckDealer.Deal(catalog.Discover(new MoviePreferences()).Movies, seed: 1);

        Assert.Equal([1, 2, 3, 4, 5], deck.Select(m => m.Id).Order());
    }

    [Fact]
    public void Deal_DuplicateCandidates_AreDealtOnce()
    {
        var film = Film(1);

        var deck = DeckDealer.Deal([film, film, Film(2), film], seed: 1);

        Assert.Equal([1, 2], deck.Select(m => m.Id).Order());
    }
}
