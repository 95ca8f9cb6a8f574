using Huddle.Core.Sessions;
using Huddle.Server.Contracts;

namespace Huddle.Server.Realtime;

/// <summary>
/// The movie kind's part of <see cref="HubPublisher"/>: after a commit of a movie session, the watch
/// party's <c>nowPlaying</c>/<c>playbackUpdated</c>, one <c>deckUpdated</c> if the deck changed, and
/// one <c>matchFound</c> per card that became a match in this commit — whatever caused it (a swipe,
/// someone leaving or dropping, a kick, a rule change), since the session derives matches itself.
/// </summary>
internal static class MovieNightPublisher
{
    public static async Task PublishAsync(ISessionClient group, Session session, Commit commit)
    {
        var v = commit.Version;
        var night = session.MovieNight!;
        var deckChanged = night.NewMatches.Count > 0;
        var partyChanged = false;
        var deckReadyChanged = night.PickedAtMatch is not null;
        foreach (var e in commit.Events)
        {
            switch (e)
            {
                case CardsDealt or MovieSuggested or Swiped or Unswiped or ParticipantKicked:
                    deckChanged = true;
                    break;
                case PreferencesChanged p:
                    await group.preferencesChanged(new PreferencesChangedEvent(v, night.Preferences.ToDto(), p.ById, p.Dropped));
                    deckChanged = true;
                    break;
                case DeckReadyCheckStarted or DeckReadyMarked or DeckOpened:
                    deckReadyChanged = true;
                    break;
                case MoviePicked:
                    await group.nowPlaying(new NowPlayingEvent(v, night.Watching!.Card.ToDto(), night.Watching.Playback.ToDto(), "picked"));
                    break;
                case WatchPlaybackChanged w:
                    await group.playbackUpdated(new PlaybackUpdatedEvent(v, night.Watching!.Playback.ToDto()) { ById = w.ById });
                    break;
                case WatchFileChosen or WatchControlChanged or WatchWaitChanged or WatchReadyCheckStarted or WatchReadyMarked or WatchReadyCheckEnded
                    or WatchPlatformChosen:
                    partyChanged = true;
                    break;
            }
        }

        // Before the playback it explains (a pause because someone buffers) would be better, but events go in
        // commit order and clients treat both as state: the party's state once per commit is enough.
        if (partyChanged) await group.watchPartyUpdated(new WatchPartyUpdatedEvent(v, night.Party.ToDto()));
        if (deckChanged) await group.deckUpdated(session.DeckUpdated(v));
        foreach (var card in night.NewMatches) await group.matchFound(new MatchFoundEvent(v, card.ToDto(), card.LikedBy.ToList()));
        if (deckReadyChanged) await group.deckReadyUpdated(new DeckReadyUpdatedEvent(v, night.DeckReady));
        // endAtFirstMatch: the match just announced is the pick, for everyone (as the host's pick would be).
        if (night.PickedAtMatch is not null)
            await group.nowPlaying(new NowPlayingEvent(v, night.Watching!.Card.ToDto(), night.Watching.Playback.ToDto(), "matched"));
    }
}
