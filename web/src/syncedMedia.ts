// Keeping a media element in step with a session's playback state on the server clock: the jam's
// "Play here" audio and the movie night's film use this one rule (docs/movies.md, drift tolerance).
import { useEffect, useRef, useState, type RefObject } from 'react';
import { livePosition } from './components/Playback';
import type { Playback } from './types';

/** How often a playing element's position is compared with the session's. */
export const DRIFT_CHECK_MS = 1000;

/** Beyond this difference from the session's position, the element seeks to it. */
export const MAX_DRIFT_SECONDS = 0.3;

/**
 * Brings the element to the session's state on every playback change (seek at once), and while playing
 * corrects drift beyond {@link MAX_DRIFT_SECONDS}. `blocked` is true when the browser refused to start
 * (autoplay policy); `resync` retries from a user gesture.
 */
export function useSyncedMedia(
  media: RefObject<HTMLMediaElement | null>, playback: Playback | undefined, duration: number, serverNow: () => number, active: boolean,
) {
  const [blocked, setBlocked] = useState(false);
  const state = useRef({ playback, duration, serverNow });
  state.current = { playback, duration, serverNow };

  const sync = (force: boolean) => {
    const el = media.current;
    const { playback: p, duration: d, serverNow: now } = state.current;
    if (!el || !p) return;
    const target = livePosition(p, now(), d);
    if (force || Math.abs(el.currentTime - target) > MAX_DRIFT_SECONDS) el.currentTime = target;
    if (p.isPlaying) {
      if (el.paused) {
        el.play().then(() => setBlocked(false), (e: unknown) => {
          if (e instanceof DOMException && e.name === 'NotAllowedError') setBlocked(true);
        });
      }
    } else {
      if (!el.paused) el.pause();
      setBlocked(false);
    }
  };
  const syncRef = useRef(sync);
  syncRef.current = sync;

  // Every playbackUpdated / nowPlaying gives a new playback object: re-sync on each.
  useEffect(() => {
    if (active) syncRef.current(true);
  }, [active, playback]);

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (state.current.playback?.isPlaying) syncRef.current(false);
    }, DRIFT_CHECK_MS);
    return () => clearInterval(timer);
  }, [active]);

  return { blocked, resync: () => syncRef.current(true), setBlocked };
}
