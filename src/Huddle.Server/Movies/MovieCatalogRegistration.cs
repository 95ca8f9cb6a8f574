using Huddle.Core.Movies;
using Huddle.Server.Http;
using Huddle.Server.Movies.Jellyfin;
using Huddle.Server.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Movies;

public static class MovieCatalogRegistration
{
    /// <summary>
    /// Registers <see cref="IMovieCatalog"/>: the offline catalog alone, or, when
    /// <c>Movies:Tmdb:ApiKey</c> or <c>Movies:Tmdb:ReadAccessToken</c> is set, TMDB with the offline
    /// catalog as fallback. <see cref="TmdbOptions"/> are validated at start like the other options.
    /// </summary>
    public static IServiceCollection AddMovieCatalog(this IServiceCollection services)
    {
        services.AddValidatedOptions<TmdbOptions>(TmdbOptions.Section, o => o.Validate());
        services.AddSingleton<IImageOrigin, TmdbImageOrigin>();
        services.TryAddSingleton<MovieImages>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => OfflineMovieCatalog.LoadEmbedded());
        services.TryAddSingleton<TmdbResponseCache>();

        // The catalog is held by a singleton, so the handler is never rotated; pooled connections
        // are recycled instead, which keeps DNS changes visible (the documented pattern for this case).
        services.AddHttpClient<TmdbMovieCatalog>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        services.TryAddSingleton<IMovieCatalog>(sp =>
        {
            var offline = sp.GetRequiredService<OfflineMovieCatalog>();
            var options = sp.GetRequiredService<IOptions<TmdbOptions>>();
            if (!options.Value.Enabled) return offline;
            return new FallbackMovieCatalog(
                sp.GetRequiredService<TmdbMovieCatalog>(),
                offline,
                options,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<FallbackMovieCatalog>>());
        });
        return services;
    }

    /// <summary>The film folder (<c>Huddle:Films</c>) and Jellyfin (<c>Huddle:Films:Jellyfin</c>), together the session's <see cref="IFilmLibrary"/>.</summary>
    public static IServiceCollection AddFilmFolder(this IServiceCollection services)
    {
        services.AddValidatedOptions<FilmFolderOptions>("Huddle:Films", o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FilmFolder>();
        services.AddJellyfin();
        services.AddSingleton<IFilmLibrary, FilmSources>();
        return services;
    }
}
