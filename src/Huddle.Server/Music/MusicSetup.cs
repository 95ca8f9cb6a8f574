using Huddle.Core.Catalog;
using Huddle.Server.Music.Subsonic;
using Huddle.Server.Options;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Music;

public static class MusicSetup
{
    /// <summary>
    /// The jam library: the embedded catalog first, then the music folder (indexed in the database,
    /// rescanned in the background). A later source (a streaming service) is one more <see cref="ISongSource"/> here.
    /// </summary>
    public static IServiceCollection AddMusic(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MusicOptions>>().Value);
        services.AddSingleton(sp => MusicFolderLocator.Locate(sp.GetRequiredService<MusicOptions>(), Environment.GetEnvironmentVariable));
        services.AddSingleton<MusicFolderSource>();
        services.AddHostedService(sp => sp.GetRequiredService<MusicFolderSource>());
        services.AddSubsonic();
        services.AddSingleton<Spotify.SpotifyTracks>();
        services.AddSingleton(sp => new SongCatalog(
            [
                new FixedSongSource(SongCatalog.LoadEmbedded()),
                sp.GetRequiredService<MusicFolderSource>(),
                .. sp.GetRequiredService<IOptions<SubsonicOptions>>().Value.Enabled ? [sp.GetRequiredService<SubsonicSongSource>()] : Array.Empty<ISongSource>(),
            ],
            [sp.GetRequiredService<Spotify.SpotifyTracks>()])); // Spotify tracks: found by id, never listed
        return services;
    }
}
