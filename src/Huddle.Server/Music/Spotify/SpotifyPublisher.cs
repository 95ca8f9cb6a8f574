using Huddle.Core.Application;
using Huddle.Core.Sessions;

namespace Huddle.Server.Music.Spotify;

/// <summary>
/// Wraps the hub publisher: after a linked session's commit went out, hands the new now-playing
/// state to the session's Spotify follower (play, pause, seek, next, auto-advance all end here), and
/// forgets the link when the session ends. Never waits on Spotify.
/// </summary>
public sealed class SpotifyPublisher(ISessionPublisher inner, SpotifyLinks links) : ISessionPublisher
{
    public async Task PublishAsync(SessionChange change, CancellationToken ct)
    {
        await inner.PublishAsync(change, ct);
        if (links.Get(change.Session.Id) is not { } link) return;
        if (change.Commit.Events.Any(e => e is SessionEnded))
        {
            await links.UnlinkAsync(change.Session.Id);
            return;
        }

        if (change.Commit.Events.Any(e => e is NowPlayingChanged or PlaybackChanged)) link.Follow(PlayerIntent.Of(change.Session));
    }

    public Task ExpiringAsync(Guid sessionId, long version, long expiresAt, CancellationToken ct) =>
        inner.ExpiringAsync(sessionId, version, expiresAt, ct);
}
