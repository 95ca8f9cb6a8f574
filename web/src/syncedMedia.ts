// Keeping a media element in step with a session's playback state on the server clock: the jam's
// "Play here" audio and the movie night's film use this one rule (docs/movies.md, drift tolerance).
import { useEffect, useRef, useState, type RefObject } from 'react';
import { livePosition } from './components/Playback';
import type { Playback } from './types';

/** How often the element is compared with the session's state (position, and playing or paused). */
export const DRIFT_CHECK_MS = 1000;

/** Beyond this difference from the session's position, the element seeks to it. */
export const MAX_DRIFT_SECONDS = 0.3;

/**
 * A paused element is brought this close to the session's position (the same frame on every device).
 * A playing one only beyond {@link MAX_DRIFT_SECONDS}: a seek interrupts playback (the browser raises
 * `waiting`), so seeking by the network's few milliseconds on every play would stall each device for nothing.
 */
export const PAUSED_EPSILON_SECONDS = 0.05;

/** The part of a media element the sync reads. */
export interface MediaPosition { currentTime: number; paused: boolean; seeking: boolean }

/** What the element must do to match the session: seek (to a position, or not), then play or pause. */
export interface SyncStep { seekTo: number | null; play: boolean; pause: boolean }

/**
 * The rule, pure so it is unit-tested: `fresh` is true for a new playback state (seek at once), false
 * for the periodic check, which never seeks again while an earlier seek still loads (chasing a moving
 * target would never let it play). Play and pause are applied on every check, so a state that reached
 * the element while it was busy is never lost.
 */
export function syncStep(el: MediaPosition, p: Playback, serverNow: number, duration: number, fresh: boolean): SyncStep {
  const target = livePosition(p, serverNow, duration);
  const tolerance = p.isPlaying ? MAX_DRIFT_SECONDS : PAUSED_EPSILON_SECONDS;
  const seek = Math.abs(el.currentTime - target) > tolerance && (fresh || !el.seeking);
  return { seekTo: seek ? target : null, play: p.isPlaying && el.paused, pause: !p.isPlaying && !el.paused };
}

/**
 * Brings the element to the session's state on every playback change, and every {@link DRIFT_CHECK_MS}
 * corrects drift beyond {@link MAX_DRIFT_SECONDS} and a missed play or pause. `blocked` is true when the
 * browser refused to start (autoplay policy); `resync` retries from a user gesture. `onSeek` hears of
 * every seek the sync itself makes (the film player does not take those for buffering).
 */
export function useSyncedMedia(
  media: RefObject<HTMLMediaElement | null>, playback: Playback | undefined, duration: number, serverNow: () => number, active: boolean,
  onSeek?: () => void,
) {
  const [blocked, setBlocked] = useState(false);
  const state = useRef({ playback, duration, serverNow, onSeek });
  state.current = { playback, duration, serverNow, onSeek };

  const sync = (fresh: boolean) => {
    const el = media.current;
    const { playback: p, duration: d, serverNow: now, onSeek: seeking } = state.current;
    if (!el || !p) return;
    const step = syncStep(el, p, now(), d, fresh);
    if (step.seekTo !== null) {
      seeking?.();
      el.currentTime = step.seekTo;
    }
    if (step.play) {
      el.play().then(() => setBlocked(false), (e: unknown) => {
        if (e instanceof DOMException && e.name === 'NotAllowedError') setBlocked(true);
      });
    } else if (step.pause) el.pause();
    if (!p.isPlaying) setBlocked(false);
  };
  const syncRef = useRef(sync);
  syncRef.current = sync;

  // Re-sync on each new state by value, not object identity: a snapshot after a reconnect or another
  // event rebuilding the session's data must not seek every device again.
  useEffect(() => {
    if (active) syncRef.current(true);
  }, [active, playback?.isPlaying, playback?.positionSeconds, playback?.updatedAt]);

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => syncRef.current(false), DRIFT_CHECK_MS);
    return () => clearInterval(timer);
  }, [active]);

  return { blocked, resync: () => syncRef.current(true), setBlocked };
}
