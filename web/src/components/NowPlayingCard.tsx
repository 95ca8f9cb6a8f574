import { useEffect, useState } from 'react';
import type { SessionController } from '../session';
import type { Playback } from '../types';
import { PlayHere } from './PlayHere';

export const formatTime = (seconds: number) => {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** The live position on the server's clock: the stored position plus the time since it was set. */
export function livePosition(p: Playback, serverNow: number, duration: number): number {
  const position = p.isPlaying ? p.positionSeconds + (serverNow - p.updatedAt) / 1000 : p.positionSeconds;
  return Math.min(Math.max(position, 0), duration > 0 ? duration : Number.POSITIVE_INFINITY);
}

export function NowPlayingCard({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const np = d.nowPlaying;
  const canControl = session.role !== 'member' && d.session.status === 'active';
  const [seekValue, setSeekValue] = useState<number | null>(null);
  const [now, setNow] = useState(() => session.hub.current?.serverNow() ?? Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(session.hub.current?.serverNow() ?? Date.now()), 250);
    return () => clearInterval(timer);
  }, [session.hub]);

  const duration = np?.item.durationSeconds ?? 0;
  const position = np ? livePosition(np.playback, now, duration) : 0;
  const skip = d.skip;
  const commitSeek = () => {
    if (seekValue === null || !np) return;
    const value = seekValue;
    setSeekValue(null);
    void session.run((h) => h.updatePlayback(np.playback.isPlaying, value));
  };

  return (
    <section className="card now-playing" aria-labelledby="np-heading">
      <h2 id="np-heading">Now playing</h2>
      {np ? (
        <>
          <div className="np-title" data-testid="now-playing-title">{np.item.title}</div>
          <div className="muted">{np.item.artist} · added by {np.item.addedBy.name}</div>
          <div className="progress" role="progressbar" aria-label="Song progress" aria-valuemin={0} aria-valuemax={duration}
            aria-valuenow={Math.floor(position)} aria-valuetext={`${formatTime(position)} of ${formatTime(duration)}`}>
            <div className="progress-fill" style={{ width: `${duration ? (position / duration) * 100 : 0}%` }} />
          </div>
          <div className="times"><span>{formatTime(position)}</span><span>{np.playback.isPlaying ? 'Playing' : 'Paused'}</span><span>{formatTime(duration)}</span></div>
          <PlayHere nowPlaying={np} hub={session.hub} />
        </>
      ) : <p className="muted">Nothing is playing. {canControl ? 'Add songs and press Play next.' : 'Waiting for the host.'}</p>}

      {canControl && (
        <div className="controls" role="group" aria-label="Playback controls">
          {np && (np.playback.isPlaying
            ? <button type="button" className="button" onClick={() => session.run((h) => h.updatePlayback(false, position))}>Pause</button>
            : <button type="button" className="button" onClick={() => session.run((h) => h.updatePlayback(true, position))}>Play</button>)}
          <button type="button" className="button primary" onClick={() => session.run((h) => h.playNext())}>Play next</button>
          {np && (
            <label className="seek">
              <span className="sr-only">Seek</span>
              <input type="range" min={0} max={duration} step={1} value={seekValue ?? Math.floor(position)}
                aria-valuetext={formatTime(seekValue ?? position)}
                onChange={(e) => setSeekValue(Number(e.target.value))} onPointerUp={commitSeek} onKeyUp={commitSeek} onBlur={commitSeek} />
            </label>
          )}
        </div>
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
