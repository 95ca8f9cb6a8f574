// "Ana paused": the short notice every device shows when someone plays, pauses or seeks the watch
// party's film (as Teleparty does), so nobody wonders why the film stopped.
import { formatTime, livePosition } from './components/Playback';
import type { Playback } from './types';

/** A new position further than this from where the film would have been is a seek, not a network delay. */
export const SEEK_NOTICE_SECONDS = 2;

/**
 * The notice for one playbackUpdated that names its actor (`byId`; the party's own pause and resume for
 * a member who buffers name nobody and show "Waiting for …" instead); null when there is nothing to say.
 */
export function watchNotice(
  before: Playback | undefined, after: Playback, who: { name: string; isMe: boolean }, onPlatform = false,
): string | null {
  const name = who.isMe ? 'You' : who.name;
  const expected = before ? livePosition(before, after.updatedAt, 0) : after.positionSeconds;
  const at = formatTime(after.positionSeconds);
  // On a streaming platform everyone pauses or starts their own player, so the position always counts.
  if (onPlatform && (!before || before.isPlaying !== after.isPlaying)) {
    return after.isPlaying ? `${name} started the 3-2-1 from ${at}` : `${name} paused at ${at}`;
  }
  const sought = Math.abs(after.positionSeconds - expected) > SEEK_NOTICE_SECONDS;
  if (!before || before.isPlaying !== after.isPlaying) {
    if (after.isPlaying) return sought ? `${name} pressed play at ${at}` : `${name} pressed play`;
    return sought ? `${name} paused at ${at}` : `${name} paused`;
  }
  return sought ? `${name} jumped to ${at}` : null;
}
