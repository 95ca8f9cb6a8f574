import type { Snapshot } from './types';
import { countdown } from './time';

// What a guest is told while the host is away (docs/protocol.md "hostAway"): host controls wait
// until the host is back or, at the server's deadline, pass to the earliest-joined person here.

export interface HostAwayNotice {
  host: string;
  /** Who becomes host at the deadline: 'you', a name, or null when nobody (or the role never moves). */
  next: string | null;
  /** "0:27" left until the handover; null when the role never moves (a coaching room). */
  left: string | null;
}

export function hostAwayNotice(d: Snapshot, now: number): HostAwayNotice | null {
  const host = d.participants.find((p) => p.participantId === d.session.hostId);
  if (d.session.status !== 'active' || !d.hostAway || !host || host.present || host.participantId === d.you.participantId) return null;
  const { handoverAt } = d.hostAway;
  if (handoverAt === null) return { host: host.name, next: null, left: null };
  const successor = d.participants
    .filter((p) => p.present && p.participantId !== host.participantId)
    .sort((a, b) => a.joinedAt - b.joinedAt)[0];
  const next = !successor ? null : successor.participantId === d.you.participantId ? 'you' : successor.name;
  return { host: host.name, next, left: countdown(handoverAt, now) };
}
