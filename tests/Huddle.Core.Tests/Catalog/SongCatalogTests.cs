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
}
