// The watch party on a streaming platform (issue 21): Huddle cannot play Netflix, so every device shows the
// shared 3-2-1 and the party's position, computed from the party's playback on the server clock (the
// device's Ping offset), never from a timer of its own, so all devices agree to the clock's precision.
import { formatTime, livePosition } from './components/Playback';
import type { Playback } from './types';

/** The server's lead from the countdown's start to "Play now" (Core WatchPlatform.CountdownMs): "Get ready", then 3, 2, 1. */
export const COUNTDOWN_MS = 4_000;

/** How long "Play now" stays up after the moment. */
export const PLAY_NOW_MS = 3_000;

/**
 * What the countdown shows at `serverNow`: "Get ready" until 3 s before the party's play moment
 * (`updatedAt` of a play that lies ahead), then "3", "2", "1", "Play now" for a few seconds; null otherwise.
 */
export function countdownText(p: Playback, serverNow: number): string | null {
  if (!p.isPlaying) return null;
  const left = p.updatedAt - serverNow;
  if (left > 3_000) return 'Get ready';
  if (left > 0) return String(Math.ceil(left / 1_000));
  return -left < PLAY_NOW_MS ? 'Play now' : null;
}

/** Milliseconds until what the platform party shows changes (the countdown's next step, or the position's next second); null while paused. */
export function msToNextChange(p: Playback, serverNow: number): number | null {
  if (!p.isPlaying) return null;
  const left = p.updatedAt - serverNow;
  if (left > 3_000) return left - 3_000;
  if (left > 0) return left - (Math.ceil(left / 1_000) - 1) * 1_000;
  const intoSecond = (p.positionSeconds * 1_000 - left) % 1_000;
  return 1_000 - intoSecond;
}

/** The sentence latecomers seek their own player by. */
export function partyPositionText(p: Playback, serverNow: number, duration: number): string {
  const at = formatTime(livePosition(p, serverNow, duration));
  if (!p.isPlaying) return `The party is paused at ${at}`;
  return p.updatedAt > serverNow ? `The party starts at ${at}` : `The party is at ${at} — seek your player there`;
}
