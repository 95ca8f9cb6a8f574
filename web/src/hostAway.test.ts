import { describe, expect, it } from 'vitest';
import { hostAwayNotice } from './hostAway';
import type { Participant, Snapshot } from './types';

const person = (id: string, name: string, joinedAt: number, present = true): Participant =>
  ({ participantId: id, name, role: id === 'p_ann' ? 'host' : 'member', present, joinedAt });

function snapshot(patch: Partial<Snapshot>, me = 'p_bob'): Snapshot {
  return {
    session: {
      id: 's1', code: 'ABCD', kind: 'jam', title: 'Jam', status: 'active', version: 5, hostId: 'p_ann', createdAt: 1,
      settings: {} as Snapshot['session']['settings'],
    },
    you: { participantId: me, participantToken: 't', role: 'member' },
    participants: [person('p_ann', 'Ann', 1, false), person('p_cy', 'Cy', 3), person('p_bob', 'Bob', 2)],
    queue: [], myVotes: {}, nowPlaying: null, history: [], skip: { votes: 0, needed: 1 }, mySkipVote: false, serverTime: 1,
    hostAway: { since: 10_000, handoverAt: 40_000 },
    ...patch,
  };
}

describe('host away', () => {
  it('counts down to the server deadline and names who takes over: the earliest-joined present guest', () => {
    expect(hostAwayNotice(snapshot({}), 13_000)).toEqual({ host: 'Ann', next: 'you', left: '0:27' });
    expect(hostAwayNotice(snapshot({}, 'p_cy'), 13_000)).toEqual({ host: 'Ann', next: 'Bob', left: '0:27' });
    expect(hostAwayNotice(snapshot({}), 45_000)?.left).toBe('0:00');
  });

  it('has no deadline where the host keeps the role (a coaching room)', () => {
    expect(hostAwayNotice(snapshot({ hostAway: { since: 10_000, handoverAt: null } }), 13_000)).toEqual({ host: 'Ann', next: null, left: null });
  });

  it('says nothing to the host, when the host is here, or after the session ended', () => {
    expect(hostAwayNotice(snapshot({}, 'p_ann'), 13_000)).toBeNull();
    expect(hostAwayNotice(snapshot({ hostAway: undefined }), 13_000)).toBeNull();
    const ended = snapshot({});
    expect(hostAwayNotice({ ...ended, session: { ...ended.session, status: 'ended' } }, 13_000)).toBeNull();
  });
});
