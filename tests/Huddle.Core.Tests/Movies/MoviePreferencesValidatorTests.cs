using Huddle.Core.Movies;

namespace Huddle.Core.Tests.Movies;

public class MoviePreferencesValidatorTests
{
    private static readonly OfflineMovieCatalog Catalog = OfflineMovieCatalog.LoadEmbedded();

    private static MoviePreferences Validate(MoviePreferences preferences) =>
        MoviePreferencesValidator.Validate(preferences, Catalog.Genres, Catalog.ProvidersIn(preferences.Region ?? "US"));

    private static string CodeOf(MoviePreferences preferences) => Assert.Throws<HuddleException>(() => Validate(preferences)).Code;

    [Fact]
    public void Validate_GoodPreferences_ReturnsCleanedCopy()
    {
        var result = Validate(new MoviePreferences
        {
            GenreIds = [28, 35, 28],
            ProviderIds = [8, 9, 8],
            Region = " gb ",
            YearFrom = 1990,
            YearTo = 1990,
            MinRating = 0,
            MaxRuntimeMinutes = 600,
        });

        Assert.Equal([28, 35], result.GenreIds);
        Assert.Equal([8, 9], result.ProviderIds);
        Assert.Equal("GB", result.Region);
    }

    [Fact]
    public void Normalize_Null_IsTheDefaultPreferences()
    {
        var result = MoviePreferencesValidator.Normalize(null);

        Assert.Equal("US", result.Region);
        Assert.Empty(result.GenreIds);
        Assert.Empty(result.ProviderIds);
    }

    [Fact]
    public void Normalize_NullListsAndRegionFromJson_AreTreatedAsEmptyAndDefault()
    {
        var result = MoviePreferencesValidator.Normalize(new MoviePreferences { GenreIds = null!, ProviderIds = null!, Region = null! });

        Assert.Empty(result.GenreIds);
        Assert.Empty(result.ProviderIds);
        Assert.Equal("US", result.Region);
    }

    [Theory]
    [InlineData(12345)]
    [InlineData(0)]
    [InlineData(-28)]
    public void Validate_UnknownGenre_IsUnknownGenre(int genreId)
    {
        Assert.Equal("unknown_genre", CodeOf(new MoviePreferences { GenreIds = [28, genreId] }));
    }

    [Fact]
    public void Validate_UnknownProvider_IsUnknownProvider()
    {
        Assert.Equal("unknown_provider", CodeOf(new MoviePreferences { ProviderIds = [8, 424242] }));
    }

    [Fact]
    public void Validate_ProviderNotOfferedInRegion_IsUnknownProvider()
    {
        // Peacock (386) is offered in the US only.
        Assert.Equal("unknown_provider", CodeOf(new MoviePreferences { ProviderIds = [386], Region = "GB" }));
        Validate(new MoviePreferences { ProviderIds = [386], Region = "US" });
    }

    [Theory]
    [InlineData("")]
    [InlineData("U")]
    [InlineData("USA")]
    [InlineData("U1")]
    [InlineData("ÜS")]
    public void Validate_MalformedRegion_IsInvalidInput(string region)
    {
        var error = Assert.Throws<HuddleException>(() => MoviePreferencesValidator.Normalize(new MoviePreferences { Region = region }));

        Assert.Equal("invalid_input", error.Code);
    }

    [Theory]
    [InlineData(2001, 2000)]
    [InlineData(1800, null)]
    [InlineData(null, 2101)]
    public void Validate_BadYearRange_IsInvalidInput(int? from, int? to)
    {
        Assert.Equal("invalid_input", CodeOf(new MoviePreferences { YearFrom = from, YearTo = to }));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(10.1)]
    [InlineData(double.NaN)]
    public void Validate_RatingOutside0To10_IsInvalidInput(double rating)
    {
        Assert.Equal("invalid_input", CodeOf(new MoviePreferences { MinRating = rating }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(601)]
    [InlineData(-5)]
    public void Validate_RuntimeOutside1To600_IsInvalidInput(int runtime)
    {
        Assert.Equal("invalid_input", CodeOf(new MoviePreferences { MaxRuntimeMinutes = runtime }));
    }

    [Fact]
    public void Validate_TooManyGenresOrProviders_IsInvalidInput()
    {
        Assert.Equal("invalid_input", CodeOf(new MoviePreferences { GenreIds = Enumerable.Range(1, 20).ToList() }));
        Assert.Equal("invalid_input", CodeOf(new MoviePreferences { ProviderIds = Enumerable.Range(1, 21).ToList() }));
    }

    [Fact]
    public async Task ValidatePreferencesAsync_UsesTheCatalogsOwnMapping()
    {
        var ok = await Catalog.ValidatePreferencesAsync(new MoviePreferences { GenreIds = [878], ProviderIds = [38], Region = "gb" });
        var error = await Assert.ThrowsAsync<HuddleException>(() =>
            Catalog.ValidatePreferencesAsync(new MoviePreferences { ProviderIds = [38], Region = "US" }));

        Assert.Equal("GB", ok.Region);
        Assert.Equal("unknown_provider", error.Code);
    }
}
