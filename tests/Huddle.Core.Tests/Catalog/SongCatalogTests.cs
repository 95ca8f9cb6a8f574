using Huddle.Core.Catalog;

namespace Huddle.Core.Tests.Catalog;

public class SongCatalogTests
{
    private static readonly IReadOnlyList<Song> Embedded = SongCatalog.LoadEmbedded();

    [Fact]
    public void LoadEmbedded_HasAtLeast300SongsWithUniqueIds()
    {
        Assert.True(Embedded.Count >= 300, $"only {Embedded.Count} songs");
        Assert.Equal(Embedded.Count, Embedded.Select(s => s.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void LoadEmbedded_EverySongHasCompleteMetadata()
    {
        Assert.All(Embedded, s =>
        {
            Assert.False(string.IsNullOrWhiteSpace(s.Id));
            Assert.False(string.IsNullOrWhiteSpace(s.Title));
            Assert.False(string.IsNullOrWhiteSpace(s.Artist));
            Assert.False(string.IsNullOrWhiteSpace(s.Album));
            Assert.False(string.IsNullOrWhiteSpace(s.Genre));
            Assert.InRange(s.Year, 1900, 2030);
            Assert.InRange(s.DurationSeconds, 30, 3600);
            Assert.False(s.HasAudio);
        });
    }

    [Fact]
    public void LoadEmbedded_SpansSeveralGenres()
    {
        var catalog = new SongCatalog(Embedded);

        Assert.True(catalog.Genres.Count >= 5);
        Assert.Equal(catalog.Genres.Order(StringComparer.Ordinal), catalog.Genres);
    }

    [Fact]
    public void Get_ById_IsCaseInsensitive()
    {
        var catalog = new SongCatalog(Embedded);
        var first = Embedded[0];

        Assert.Same(first, catalog.Get(first.Id));
        Assert.Same(first, catalog.Get(first.Id.ToUpperInvariant()));
        Assert.Null(catalog.Get("no-such-song"));
    }

    [Fact]
    public void Get_FindsALookupsSong_ButTheLibraryNeverListsIt()
    {
        var track = new Song("sp:4uLU6hMCjMI75M1A2tKUQC", "Never Gonna Give You Up", "Rick Astley", "Whenever You Need Somebody", 1987, "Spotify", 214);
        var catalog = new SongCatalog([new FixedSongSource(Embedded)], [new OneSong(track)]);

        Assert.Same(track, catalog.Get(track.Id));
        Assert.Same(Embedded[0], catalog.Get(Embedded[0].Id)); // listed songs first
        Assert.DoesNotContain(catalog.Songs, s => s.Id == track.Id);
        Assert.Empty(catalog.Search("Rick Astley", null, null, 100));
        Assert.DoesNotContain("Spotify", catalog.Genres);
        Assert.Null(catalog.Get("sp:unknown"));
    }

    private sealed class OneSong(Song song) : ISongLookup
    {
        public Song? Find(string id) => id == song.Id ? song : null;
    }

    [Fact]
    public void Search_ByText_MatchesTitleArtistOrAlbumIgnoringCase()
    {
        var catalog = new SongCatalog(Embedded);

        var results = catalog.Search("QUEEN", null, null, 100);

        Assert.NotEmpty(results);
        Assert.All(results, s => Assert.True(
            s.Title.Contains("queen", StringComparison.OrdinalIgnoreCase)
            || s.Artist.Contains("queen", StringComparison.OrdinalIgnoreCase)
            || s.Album.Contains("queen", StringComparison.OrdinalIgnoreCase)));
        Assert.Contains(results, s => s.Title == "Bohemian Rhapsody");
    }

    [Fact]
    public void Search_SeveralWords_AllMustMatch()
    {
        var catalog = new SongCatalog(Embedded);

        var results = catalog.Search("rhapsody queen", null, null, 100);

        var song = Assert.Single(results, s => s.Title == "Bohemian Rhapsody");
        Assert.Equal("Queen", song.Artist);
        Assert.Empty(catalog.Search("rhapsody zzzznotaword", null, null, 100));
    }

    [Fact]
    public void Search_ByGenre_ReturnsOnlyThatGenre()
    {
        var catalog = new SongCatalog(Embedded);
        var genre = catalog.Genres[0];

        var results = catalog.Search(null, " " + genre.ToUpperInvariant() + " ", null, 1000);

        Assert.Equal(Embedded.Count(s => s.Genre == genre), results.Count);
        Assert.All(results, s => Assert.Equal(genre, s.Genre));
    }

    [Fact]
    public void Search_ByArtist_IsExactNotSubstring()
    {
        Song[] songs =
        [
            new("1", "Song A", "Prince", "X", 1990, "Pop", 200),
            new("2", "Song B", "Prince Buster", "X", 1964, "Ska", 200),
            new("3", "Song C", "prince", "X", 1991, "Pop", 200),
        ];
        var catalog = new SongCatalog(songs);

        var results = catalog.Search(null, null, "Prince", 10);

        Assert.Equal(["1", "3"], results.Select(s => s.Id));
    }

    [Fact]
    public void Search_TextGenreAndArtistTogether_AllApply()
    {
        Song[] songs =
        [
            new("1", "Love Song", "Ann", "X", 1990, "Pop", 200),
            new("2", "Love Song", "Ann", "X", 1990, "Rock", 200),
            new("3", "Love Song", "Bea", "X", 1990, "Pop", 200),
            new("4", "Hate Song", "Ann", "X", 1990, "Pop", 200),
        ];
        var catalog = new SongCatalog(songs);

        var results = catalog.Search("love", "pop", "ann", 10);

        Assert.Equal("1", Assert.Single(results).Id);
    }

    [Fact]
    public void Search_NoFilters_ReturnsUpToLimitInLibraryOrder()
    {
        var catalog = new SongCatalog(Embedded);

        var results = catalog.Search("  ", null, "", 5);

        Assert.Equal(Embedded.Take(5), results);
    }

    [Fact]
    public void Sources_AreMerged_EarlierSourceWinsAnId_AndAChangeIsSeenAtOnce()
    {
        var folder = new ChangingSource([new("f1", "Local One", "Me", "Mine", 0, "Local", 3, "/music/one.mp3", CoverTag: "abc")]);
        var catalog = new SongCatalog([new FixedSongSource([new Song("s1", "Embedded", "Them", "X", 1990, "Pop", 200), new Song("f1", "Shadow", "X", "X", 1990, "Pop", 1)]), folder]);
        var changes = 0;
        catalog.Changed += () => changes++;

        Assert.Equal(["s1", "f1"], catalog.Songs.Select(s => s.Id));
        Assert.Equal("Shadow", catalog.Get("f1")!.Title);

        folder.Set([new("f2", "Local Two", "Me", "Mine", 0, "Rock", 3, "/music/two.mp3", CoverTag: "def")]);

        Assert.Equal(1, changes);
        Assert.Equal(["s1", "f1", "f2"], catalog.Songs.Select(s => s.Id));
        Assert.Equal(["Pop", "Rock"], catalog.Genres);
        Assert.Equal("Local Two", catalog.Search("two", null, null, 10).Single().Title);
        Assert.Equal("image/png", catalog.ReadCover("F2")!.MediaType);
        Assert.Null(catalog.ReadCover("s1"));
    }

    private sealed class ChangingSource(IReadOnlyList<Song> songs) : ISongSource
    {
        public IReadOnlyList<Song> Songs { get; private set; } = songs;

        public event Action? Changed;

        public void Set(IReadOnlyList<Song> next)
        {
            Songs = next;
            Changed?.Invoke();
        }

        public SongCover? ReadCover(Song song) => new([1, 2, 3], "image/png");
    }
}
