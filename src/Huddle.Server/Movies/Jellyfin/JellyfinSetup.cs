using Huddle.Server.Options;

namespace Huddle.Server.Movies.Jellyfin;

public static class JellyfinSetup
{
    /// <summary>
    /// The Jellyfin film source, its client and its options (validated at start: a bad URL or key stops the
    /// server with a clear message). With no <c>Url</c> nothing is contacted and the list says "off".
    /// </summary>
    public static IServiceCollection AddJellyfin(this IServiceCollection services)
    {
        services.AddValidatedOptions<JellyfinOptions>(JellyfinOptions.Section, o => o.Validate());
        // A singleton holds the client, so its handler is never rotated: pooled connections are recycled instead (DNS changes stay visible).
        services.AddHttpClient<JellyfinClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AllowAutoRedirect = false, // a redirect would carry the key to another host
                AutomaticDecompression = System.Net.DecompressionMethods.None, // video ranges are byte ranges of the file
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<JellyfinLibrary>(sp, sp.GetRequiredService<JellyfinClient>()));
        return services;
    }
}
