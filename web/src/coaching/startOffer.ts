import type { CoachingSession } from './api';

// The Start button follows the server's rule (startOpensAt, docs/coaching.md): offered from the
// moment a start succeeds, and until then the time it opens, so nobody presses a button that fails.

export type StartOffer = { kind: 'start' } | { kind: 'opens'; at: string } | null;

export function startOffer(session: Pick<CoachingSession, 'status' | 'startOpensAt'>, now: number): StartOffer {
  if (session.status !== 'scheduled') return null;
  if (session.startOpensAt && Date.parse(session.startOpensAt) > now) return { kind: 'opens', at: session.startOpensAt };
  return { kind: 'start' };
}
