using Huddle.Core.Catalog;
using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Catalog;

public class RecommenderTests
{
    private const string Host = JamBuilder.HostId;

    // A small library: four genres, a few artists each; ids sort in the order listed.
    private static readonly Song[] Library =
    [
        new("r01", "Rock One", "Stones", "R", 1970, "Rock", 200),
        new("r02", "Rock Two", "Stones", "R", 1971, "Rock", 200),
        new("r03", "Rock Three", "Stones", "R", 1972, "Rock", 200),
        new("r04", "Rock Four", "Zeppelin", "R", 1973, "Rock", 200),
        new("r05", "Rock Five", "Zeppelin", "R", 1974, "Rock", 200),
        new("j01", "Jazz One", "Miles", "J", 1959, "Jazz", 300),
        new("j02", "Jazz Two", "Miles", "J", 1960, "Jazz", 300),
        new("j03", "Jazz Three", "Coltrane", "J", 1961, "Jazz", 300),
        new("j04", "Jazz Four", "Coltrane", "J", 1962, "Jazz", 300),
        new("p01", "Pop One", "Madonna", "P", 1984, "Pop", 210),
        new("p02", "Pop Two", "Madonna", "P", 1985, "Pop", 210),
        new("p03", "Pop Three", "Prince", "P", 1986, "Pop", 210),
        new("p04", "Pop Four", "Prince", "P", 1987, "Pop", 210),
        new("e01", "Electro One", "Daft Punk", "E", 2001, "Electronic", 240),
        new("e02", "Electro Two", "Daft Punk", "E", 2002, "Electronic", 240),
        new("e03", "Electro Three", "Justice", "E", 2007, "Electronic", 240),
        new("e04", "Electro Four", "Justice", "E", 2008, "Electronic", 240),
    ];

    private static readonly SongCatalog Catalog = new(Library);

    [Fact]
    public void Recommend_ExcludesQueuedPlayingAndPlayedSongs()
    {
        var jam = JamBuilder.Create();
        Queue(jam, "r01");
        jam.PlayNext(at: 1);
        Queue(jam, "j01");
        jam.PlayNext(at: 2); // r01 played, j01 playing
        Queue(jam, "p01"); // queued
        Assert.Equal("r01", Assert.Single(jam.Session.History).Item.Song.CatalogId);
        Assert.Equal("j01", jam.Session.NowPlaying!.Item.Song.CatalogId);

        var ids = Recommender.Recommend(jam.Session, Catalog, 100, seed: 7).Select(s => s.Id).ToList();

        Assert.DoesNotContain("r01", ids);
        Assert.DoesNotContain("j01", ids);
        Assert.DoesNotContain("p01", ids);
        Assert.Equal(Library.Length - 3, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Recommend_SameSeed_SameResult()
    {
        var jam = JamBuilder.Create();
        Queue(jam, "r01");

        var first = Recommender.Recommend(jam.Session, Catalog, 10, seed: 42);
        var again = Recommender.Recommend(jam.Session, Catalog, 10, seed: 42);

        Assert.Equal(first, again);
    }

    [Fact]
    public void Recommend_EmptySession_DifferentSeedsShuffleDifferently()
    {
        var jam = JamBuilder.Create();

        var orders = Enumerable.Range(1, 5)
            .Select(seed => string.Join(',', Recommender.Recommend(jam.Session, Catalog, 100, seed).Select(s => s.Id)))
            .ToHashSet(StringComparer.Ordinal);

        // With nothing to go on, the order is the seeded randomness alone: seeds must matter.
        Assert.True(orders.Count > 1);
    }

    [Fact]
    public void Recommend_RespectsLimit()
    {
        var jam = JamBuilder.Create();

        Assert.Equal(10, Recommender.Recommend(jam.Session, Catalog, 10, seed: 1).Count);
        Assert.Equal(3, Recommender.Recommend(jam.Session, Catalog, 3, seed: 1).Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(99)]
    public void Recommend_QueuedGenreAndArtist_RankMatchingSongsFirst(int seed)
    {
        var jam = JamBuilder.Create();
        Queue(jam, "r01"); // Rock by Stones

        var ids = Recommender.Recommend(jam.Session, Catalog, 10, seed).Select(s => s.Id).ToList();

        // Genre ×3 + artist ×2 (=5) beats genre alone (=3), which beats randomness alone (< 2).
        Assert.Equal(["r02", "r03"], ids.Take(2).Order(StringComparer.Ordinal));
        Assert.Equal(["r04", "r05"], ids.Skip(2).Take(2).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(ids.Skip(4), id => id.StartsWith('r'));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Recommend_ArtistOnlyMatch_BeatsNoMatch(int seed)
    {
        // An artist who appears in two genres: the other-genre song still gets the artist pull.
        Song[] songs =
        [
            new("a1", "A", "Crossover", "X", 2000, "Rock", 200),
            new("a2", "B", "Crossover", "X", 2000, "Jazz", 200),
            new("n1", "C", "Nobody", "X", 2000, "Jazz", 200),
            new("n2", "D", "Nobody2", "X", 2000, "Pop", 200),
        ];
        var jam = JamBuilder.Create();
        jam.Do(jam.Session.AddToQueue(Host, JamBuilder.Song("a1", "Rock", "Crossover"), "i_a1", 0));

        var ids = Recommender.Recommend(jam.Session, new SongCatalog(songs), 10, seed).Select(s => s.Id).ToList();

        Assert.Equal("a2", ids[0]);
    }

    [Fact]
    public void Recommend_UpvotedGenre_OutranksUnvotedGenre()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        var rock = Queue(jam, "r01");
        Queue(jam, "p01");
        jam.Vote(Host, rock, 1);
        jam.Vote(bob, rock, 1);

        var ids = Recommender.Recommend(jam.Session, Catalog, 100, seed: 3).Select(s => s.Id).ToList();

        // Other rock (Zeppelin): genre weight 2 × 3 = 6 plus < 2 random. Other pop (Prince): 1 × 3 = 3 plus < 2.
        Assert.True(Math.Max(ids.IndexOf("r04"), ids.IndexOf("r05")) < Math.Min(ids.IndexOf("p03"), ids.IndexOf("p04")));
        Assert.Equal(["r02", "r03"], ids.Take(2).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Recommend_HeavilyDownvotedQueuedSong_DoesNotBoostItsGenreOrArtist()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        var cy = jam.Join("Cy");
        var jazz = Queue(jam, "j01");
        jam.Vote(Host, jazz, -1);
        jam.Vote(bob, jazz, -1);
        jam.Vote(cy, jazz, -1);
        Assert.Equal(-3, jam.Session.FindItem(jazz)!.Score);

        var withRejectedJazz = Recommender.Recommend(jam.Session, Catalog, 100, seed: 11);
        // The same library without j01 and a session with nothing in it: the same songs draw the
        // same random numbers, so any pull (or push) from the rejected song would show up as a difference.
        var baseline = Recommender.Recommend(
            JamBuilder.Create().Session, new SongCatalog(Library.Where(s => s.Id != "j01")), 100, seed: 11);

        Assert.Equal(baseline, withRejectedJazz);
    }

    [Fact]
    public void Recommend_PlayedSongsFinalScore_Counts()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        var jazz = Queue(jam, "j01");
        jam.Vote(Host, jazz, 1);
        jam.Vote(bob, jazz, 1);
        jam.PlayNext(at: 1);
        jam.PlayNext(at: 2);
        Assert.Equal(2, Assert.Single(jam.Session.History).FinalScore);

        var ids = Recommender.Recommend(jam.Session, Catalog, 3, seed: 5).Select(s => s.Id).ToList();

        Assert.Equal("j02", ids[0]); // Jazz + Miles
        Assert.All(ids, id => Assert.StartsWith("j", id, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 1.5)]
    [InlineData(2, 2.0)]
    [InlineData(-1, 0.5)]
    [InlineData(-2, 0.0)]
    [InlineData(-10, 0.0)]
    public void Weight_ByScore_IsOnePlusHalfPerNetVote_NeverNegative(int score, double weight)
    {
        Assert.Equal(weight, Recommender.Weight(score));
    }

    [Fact]
    public void Recommend_EmbeddedCatalog_ReturnsTopTen()
    {
        var jam = JamBuilder.Create();
        var catalog = new SongCatalog(SongCatalog.LoadEmbedded());

        var songs = Recommender.Recommend(jam.Session, catalog, 10, seed: 1);

        Assert.Equal(10, songs.Count);
    }

    private static string Queue(JamBuilder jam, string songId)
    {
        var song = Catalog.Get(songId)!;
        var itemId = JamBuilder.ItemOf(songId);
        jam.Do(jam.Session.AddToQueue(Host, new SongRef(song.Id, song.Title, song.Artist, song.Genre, song.DurationSeconds), itemId, 0));
        return itemId;
    }
}
