using Huddle.Core.Movies;
using Huddle.Server.Movies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Tests.Movies;

public sealed class MovieCatalogRegistrationTests : IAsyncLifetime
{
    private TmdbStandIn _tmdb = null!;

    public async Task InitializeAsync() => _tmdb = await TmdbStandIn.StartAsync();

    public async Task DisposeAsync() => await _tmdb.DisposeAsync();

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddMovieCatalog().BuildServiceProvider();
    }

    [Fact]
    public async Task WithoutTmdbCredentials_TheOfflineCatalogAnswers()
    {
        await using var services = Services([]);

        var catalog = services.GetRequiredService<IMovieCatalog>();
        var result = await catalog.DiscoverAsync(new MoviePreferences { GenreIds = [16] });

        Assert.IsType<OfflineMovieCatalog>(catalog);
        Assert.Equal(CatalogSource.Offline, result.Source);
        Assert.True(result.AvailabilityIsSample);
        Assert.Null(result.Notice);
    }

    [Fact]
    public async Task WithAnApiKey_TmdbAnswersThroughTheHttpClientFactory()
    {
        await using var services = Services(new()
        {
            ["Movies:Tmdb:ApiKey"] = TmdbStandIn.ApiKey,
            ["Movies:Tmdb:BaseUrl"] = _tmdb.BaseUrl,
        });

        var catalog = services.GetRequiredService<IMovieCatalog>();
        var result = await catalog.GetMovieAsync(155);

        Assert.IsType<FallbackMovieCatalog>(catalog);
        Assert.Same(catalog, services.GetRequiredService<IMovieCatalog>());
        Assert.Equal(CatalogSource.Tmdb, result.Source);
        Assert.Equal("The Dark Knight", result.Value.Title);
        Assert.Single(_tmdb.Requests);
    }

    [Fact]
    public async Task WithAWrongApiKey_TheOfflineCatalogAnswersWithANotice()
    {
        await using var services = Services(new()
        {
            ["Movies:Tmdb:ApiKey"] = "not-the-key",
            ["Movies:Tmdb:BaseUrl"] = _tmdb.BaseUrl,
        });

        var result = await services.GetRequiredService<IMovieCatalog>().GetGenresAsync();

        Assert.Equal(CatalogSource.Offline, result.Source);
        Assert.Equal(FallbackMovieCatalog.NoticeFor(CatalogFailure.Unauthorized), result.Notice);
    }

    [Fact]
    public async Task BadSettings_AreReportedByName()
    {
        await using var services = Services(new()
        {
            ["Movies:Tmdb:ApiKey"] = "key",
            ["Movies:Tmdb:BaseUrl"] = "not a url",
            ["Movies:Tmdb:Timeout"] = "00:00:00.010",
            ["Movies:Tmdb:MaxRetries"] = "9",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TmdbOptions>>().Value);

        Assert.Contains("Movies:Tmdb: BaseUrl must be an absolute http(s) URL.", error.Failures);
        Assert.Contains(error.Failures, f => f.StartsWith("Movies:Tmdb: Timeout", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Movies:Tmdb: MaxRetries", StringComparison.Ordinal));
    }

    [Fact]
    public void DefaultOptions_AreValidAndDisabled()
    {
        var options = new TmdbOptions();

        Assert.Empty(options.Validate());
        Assert.False(options.Enabled);
        Assert.Equal("https://api.themoviedb.org/3", options.BaseUrl);
    }
}
