using Huddle.Server.Options;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Music.Subsonic;

public static class SubsonicSetup
{
    /// <summary>
    /// The Subsonic source, its client and its options (validated at start; a bad URL stops the
    /// server with a clear message). With no <c>Url</c> nothing is contacted and the status says "off".
    /// </summary>
    public static IServiceCollection AddSubsonic(this IServiceCollection services)
    {
        services.AddValidatedOptions<SubsonicOptions>(SubsonicOptions.Section, o => o.Validate());
        // A singleton holds the client, so its handler is never rotated: pooled connections are recycled instead (DNS changes stay visible).
        services.AddHttpClient<SubsonicClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AllowAutoRedirect = false, // a redirect would carry the token to another host
                AutomaticDecompression = System.Net.DecompressionMethods.None, // audio ranges are byte ranges of the file
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<SubsonicSongSource>(sp, sp.GetRequiredService<SubsonicClient>()));
        services.AddHostedService(sp => new Starter(sp));
        return services;
    }

    /// <summary>Runs the source's sync loop only when a server is configured.</summary>
    private sealed class Starter(IServiceProvider services) : IHostedService
    {
        private SubsonicSongSource? _source;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!services.GetRequiredService<IOptions<SubsonicOptions>>().Value.Enabled) return Task.CompletedTask;
            _source = services.GetRequiredService<SubsonicSongSource>();
            return _source.StartAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => _source?.StopAsync(cancellationToken) ?? Task.CompletedTask;
    }
}
