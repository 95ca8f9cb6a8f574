using System.Threading.RateLimiting;
using Huddle.Core.Application;
using Huddle.Server.Limits;
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
    public static IServiceCollection AddSpotify(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SpotifyOptions>().BindConfiguration(SpotifyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SpotifyOptions>, Validator>();
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

        var perMinute = configuration.GetSection(SpotifyOptions.Section).Get<SpotifyOptions>()?.SearchesPerMinute ?? new SpotifyOptions().SearchesPerMinute;
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(SpotifyApi.SearchPolicy, http =>
            RateLimitPartition.GetFixedWindowLimiter("spotify:" + RateLimiting.ClientIp(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, perMinute),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            })));
        return services;
    }

    private sealed class Validator : IValidateOptions<SpotifyOptions>
    {
        public ValidateOptionsResult Validate(string? name, SpotifyOptions options)
        {
            var problems = options.Validate().Select(p => $"{SpotifyOptions.Section}: {p}").ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
