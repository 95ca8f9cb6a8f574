// Synced playback on the server's clock, shared by the jam's now playing and the movie night's
// watch party: the live position, its progress bar, and the host's and moderators' controls.
import { useEffect, useState, type ReactNode } from 'react';
import type { SessionController } from '../useSession';
import type { Playback } from '../types';

/** m:ss, or h:mm:ss from an hour on (films). */
export const formatTime = (seconds: number) => {
  const s = Math.max(0, Math.floor(seconds));
  const ss = String(s % 60).padStart(2, '0');
  return s < 3600 ? `${Math.floor(s / 60)}:${ss}` : `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${ss}`;
};

/** The live position on the server's clock: the stored position plus the time since it was set. */
export function livePosition(p: Playback, serverNow: number, duration: number): number {
  // A play whose moment lies ahead (the platform party's 3-2-1) stays where it is until then, as on the server.
  const position = p.isPlaying ? p.positionSeconds + Math.max(0, serverNow - p.updatedAt) / 1000 : p.positionSeconds;
  return Math.min(Math.max(position, 0), duration > 0 ? duration : Number.POSITIVE_INFINITY);
}

/** The live position of a playback, re-read on the estimated server clock four times a second. */
export function useLivePosition(session: SessionController, playback: Playback | undefined, duration: number): number {
  const [now, setNow] = useState(() => session.hub.current?.serverNow() ?? Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(session.hub.current?.serverNow() ?? Date.now()), 250);
    return () => clearInterval(timer);
  }, [session.hub]);
  return playback ? livePosition(playback, now, duration) : 0;
}

/** The progress bar and times; `label` names the bar (e.g. "Song progress"); `ended` says the session is over. */
export function PlaybackProgress({ label, playback, position, duration, ended = false }: {
  label: string; playback: Playback; position: number; duration: number; ended?: boolean;
}) {
  return (
    <>
      <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={duration}
        aria-valuenow={Math.floor(position)} aria-valuetext={`${formatTime(position)} of ${formatTime(duration)}`}>
        <div className="progress-fill" style={{ width: `${duration ? (position / duration) * 100 : 0}%` }} />
      </div>
      <div className="times">
        <span>{formatTime(position)}</span><span data-testid="playback-state">{ended ? 'Stopped: the session ended' : playback.isPlaying ? 'Playing' : 'Paused'}</span><span>{formatTime(duration)}</span>
      </div>
    </>
  );
}

/**
 * Play/pause and the seek slider (sent when released), for hosts and moderators; `children`
 * sit between them (the jam's "Play next"). Without a playback only the children show.
 */
export function PlaybackControls({ session, label, playback, position, duration, children }: {
  session: SessionController; label: string; playback: Playback | undefined; position: number; duration: number; children?: ReactNode;
}) {
  const [seekValue, setSeekValue] = useState<number | null>(null);
  const commitSeek = () => {
    if (seekValue === null || !playback) return;
    const value = seekValue;
    setSeekValue(null);
    void session.run((h) => h.updatePlayback(playback.isPlaying, value));
  };
  return (
    <div className="controls" role="group" aria-label={label}>
      {playback && (playback.isPlaying
        ? <button type="button" className="button" onClick={() => session.run((h) => h.updatePlayback(false, position))}>Pause</button>
        : <button type="button" className="button" onClick={() => session.run((h) => h.updatePlayback(true, position))}>Play</button>)}
      {children}
      {playback && duration > 0 && (
        <label className="seek">
          <span className="sr-only">Seek</span>
          <input type="range" min={0} max={duration} step={1} value={seekValue ?? Math.floor(position)}
            aria-valuetext={formatTime(seekValue ?? position)}
            onChange={(e) => setSeekValue(Number(e.target.value))} onPointerUp={commitSeek} onKeyUp={commitSeek} onBlur={commitSeek} />
        </label>
      )}
    </div>
  );
}
