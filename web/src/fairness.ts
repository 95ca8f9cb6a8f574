// The jam's fairness rules as a guest sees them (issue 17). The server enforces them (queue_limit_reached,
// add_cooldown, adding_locked); this only explains, before a click, why Add is disabled.
import type { Role, Snapshot } from './types';

/** Why this participant cannot add a song now, and when a cooldown ends (server ms); null when they can. */
export function addBlock(d: Snapshot, role: Role, serverNow: number): { reason: string; until?: number } | null {
  const s = d.session.settings;
  const me = d.you.participantId;
  if (s.lockAdding && role === 'member') return { reason: 'The host has locked the queue: only the host and moderators can add songs.' };
  const waiting = d.queue.filter((q) => q.addedBy.participantId === me).length;
  if (s.maxQueuedPerPerson > 0 && waiting >= s.maxQueuedPerPerson) {
    return { reason: `You have ${waiting} ${waiting === 1 ? 'song' : 'songs'} waiting, the most the host allows. Add more once one has played.` };
  }
  if (s.addCooldownSeconds > 0) {
    const mine = [...d.queue, ...(d.nowPlaying ? [d.nowPlaying.item] : []), ...d.history]
      .filter((i) => i.addedBy.participantId === me)
      .map((i) => i.addedAt);
    const until = mine.length > 0 ? Math.max(...mine) + s.addCooldownSeconds * 1000 : 0;
    if (until > serverNow) return { reason: `You can add another song in ${Math.ceil((until - serverNow) / 1000)} s.`, until };
  }
  return null;
}
