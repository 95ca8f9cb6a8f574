import { AddedBy } from './AddedBy';
import { Cover } from './GeneratedCover';
import type { SessionController } from '../useSession';
import { PlaybackControls, PlaybackProgress, useLivePosition } from './Playback';
import { PlayHere } from './PlayHere';
import { NO_AUDIO, useSongInfo } from '../songInfo';

export { formatTime, livePosition } from './Playback';

export function NowPlayingCard({ session }: { session: SessionController }) {
  const d = session.state.data!;
  // An ended jam's song is over: its clock stops where it was last set and this device stops playing it.
  const ended = d.session.status === 'ended';
  const np = d.nowPlaying && ended ? { ...d.nowPlaying, playback: { ...d.nowPlaying.playback, isPlaying: false } } : d.nowPlaying;
  const canControl = session.role !== 'member' && d.session.status === 'active';
  const duration = np?.item.durationSeconds ?? 0;
  const position = useLivePosition(session, np?.playback, duration);
  const skip = d.skip;
  const song = useSongInfo(np?.item.catalogId);

  return (
    <section className="card now-playing" aria-labelledby="np-heading">
      <h2 id="np-heading">Now playing</h2>
      {np ? (
        <>
          <div className="np-head">
            <Cover title={np.item.title} album={song?.album} coverUrl={song?.coverUrl} size={96} />
            <div className="song">
              <div className="np-title" data-testid="now-playing-title"><bdi>{np.item.title}</bdi></div>
              <div className="muted"><bdi>{np.item.artist}</bdi> · <AddedBy item={np.item} me={d.you.participantId} /></div>
            </div>
          </div>
          {song && !song.hasAudio && (
            <p className="no-audio" role="note">
              {NO_AUDIO}.{canControl && ' To hear songs, put audio files in the server\'s music folder (Host controls says which) and add them from the library.'}
            </p>
          )}
          <PlaybackProgress label="Song progress" playback={np.playback} position={position} duration={duration} ended={ended} />
          {!ended && <PlayHere nowPlaying={np} hub={session.hub} />}
        </>
      ) : <p className="muted">Nothing is playing. {canControl ? 'Add songs and press Play next.' : 'Waiting for the host.'}</p>}

      {canControl && (
        <PlaybackControls session={session} label="Playback controls" playback={np?.playback} position={position} duration={duration}>
          <button type="button" className="button primary" onClick={() => session.run((h) => h.playNext())}>Play next</button>
        </PlaybackControls>
      )}

      {np && (
        <div className="skip">
          <button type="button" className="button" disabled={d.mySkipVote || d.session.status !== 'active'} aria-pressed={d.mySkipVote}
            onClick={() => session.actions.voteSkip()}>
            {d.mySkipVote ? 'You voted to skip' : 'Vote to skip'}
          </button>
          <span className="muted" aria-live="polite">{skip.votes} of {skip.needed} votes needed to skip</span>
        </div>
      )}
    </section>
  );
}
