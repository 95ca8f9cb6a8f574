using System.Threading.RateLimiting;
using Huddle.Core.Application;
using Huddle.Server.Limits;
using Huddle.Server.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Music.Spotify;

public static class SpotifySetup
{
    /// <summary>
    /// The host's Spotify (docs/music.md): options validated at start, the API client, the links and
    /// the follower around the session publisher (call after <see cref="ISessionPublisher"/> is registered),
    /// and the search's own rate limit. With no client id everything is registered and stays idle.
    /// </summary>
    public static IServiceCollection AddSpotify(this IServiceCollection services)
    {
        services.AddValidatedOptions<SpotifyOptions>(SpotifyOptions.Section, o => o.Validate());
        services.AddSingleton<SpotifyLinks>();

        // Held by a singleton: pooled connections are recycled instead of the handler (as for TMDB).
        services.AddHttpClient<SpotifyClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        var published = services.LastOrDefault(d => d.ServiceType == typeof(ISessionPublisher))
            ?? throw new InvalidOperationException("Register the session publisher before AddSpotify.");
        services.Remove(published);
        services.AddSingleton(published.ImplementationType ?? throw new InvalidOperationException("The session publisher must be registered by type."));
        services.AddSingleton<ISessionPublisher>(sp => new SpotifyPublisher(
            (ISessionPublisher)sp.GetRequiredService(published.ImplementationType), sp.GetRequiredService<SpotifyLinks>()));

        // From the validated options when the limiter is built, not from raw configuration.
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SpotifyOptions>>((o, spotify) => o.AddPolicy(SpotifyApi.SearchPolicy, http =>
            RateLimiting.PerMinute(http, "spotify:" + RateLimiting.ClientIp(http), Math.Max(1, spotify.Value.SearchesPerMinute))));
        return services;
    }
}
