import { describe, expect, it } from 'vitest';
import { HuddleError } from './errors';
import { initialSession, sessionReducer, type SessionAction, type SessionState } from './sessionState';
import type { Participant, QueueItem, ServerEvents, Settings, Snapshot } from './types';

// The session reducer alone: what one client shows after a snapshot and the events that follow.

const settings: Settings = {
  allowVoting: true, maxQueueSize: 100, autoPlay: true, skipThreshold: 0.5, allowAnonymous: true, moderation: false,
  maxParticipants: 50, matchRule: 'all', autoDj: false, maxQueuedPerPerson: 0, addCooldownSeconds: 0, queueOrder: 'votes', lockAdding: false,
};
const person = (id: string, name: string, role: Participant['role'] = 'member', present = true): Participant =>
  ({ participantId: id, name, role, present, joinedAt: 1 });
const item = (id: string, score = 0): QueueItem => ({
  itemId: id, catalogId: `song-${id}`, title: `Song ${id}`, artist: 'Artist', genre: 'Rock', durationSeconds: 180,
  addedBy: { participantId: 'p_ann', name: 'Ann' }, addedAt: 1, score, upvotes: Math.max(score, 0), downvotes: 0,
});

function snapshot(version: number, patch: Partial<Snapshot> = {}): Snapshot {
  return {
    session: { id: 's1', code: 'ABCD', kind: 'jam', title: 'Jam', status: 'active', settings, version, hostId: 'p_ann', createdAt: 1 },
    you: { participantId: 'p_bob', participantToken: 't', role: 'member' },
    participants: [person('p_ann', 'Ann', 'host'), person('p_bob', 'Bob')],
    queue: [item('q1', 2), item('q2', 1), item('q3', 0)],
    myVotes: {}, nowPlaying: null, history: [], skip: { votes: 0, needed: 1 }, mySkipVote: false, serverTime: 1,
    ...patch,
  };
}

const event = <K extends keyof ServerEvents>(name: K, e: ServerEvents[K]) => ({ type: 'event', name, e }) as SessionAction;
const run = (actions: SessionAction[], from: SessionState = initialSession) => actions.reduce(sessionReducer, from);
const joined = (version = 5, patch: Partial<Snapshot> = {}) => run([{ type: 'snapshot', snapshot: snapshot(version, patch) }]);
const ids = (s: SessionState) => s.data!.queue.map((q) => q.itemId);

describe('session reducer', () => {
  it('ignores events until the snapshot is there, then applies them on top of it', () => {
    const early = run([event('participantJoined', { version: 5, participant: person('p_cy', 'Cy') })]);
    expect(early.data).toBeNull();

    const s = run([event('participantJoined', { version: 6, participant: person('p_cy', 'Cy') })], joined(5));
    expect(s.data!.participants.map((p) => p.name)).toEqual(['Ann', 'Bob', 'Cy']);
    expect(s.data!.session.version).toBe(6);
  });

  it('ignores an event older than the state it shows', () => {
    const s = run([event('queueUpdated', { version: 4, queue: [item('old')] })], joined(5));
    expect(ids(s)).toEqual(['q1', 'q2', 'q3']);
    expect(s.data!.session.version).toBe(5);
  });

  it('applies a duplicate event once: a replay changes nothing', () => {
    const join = event('participantJoined', { version: 6, participant: person('p_cy', 'Cy') });
    const vote = event('voteUpdated', { version: 7, itemId: 'q3', score: 3, upvotes: 3, downvotes: 0, position: 0 });
    const once = run([join, vote], joined(5));
    expect(run([join, vote, join, vote], joined(5)).data).toEqual(once.data);
    expect(once.data!.participants).toHaveLength(3);
  });

  it('moves a voted item to the position the server gives, with its new score', () => {
    const s = run([event('voteUpdated', { version: 6, itemId: 'q3', score: 5, upvotes: 5, downvotes: 0, position: 0 })], joined(5));
    expect(ids(s)).toEqual(['q3', 'q1', 'q2']);
    expect(s.data!.queue[0]).toMatchObject({ score: 5, upvotes: 5 });
  });

  it('applies every vote of a batched votesUpdated in order', () => {
    const s = run([event('votesUpdated', {
      version: 7, fromVersion: 6, votes: [
        { version: 6, itemId: 'q3', score: 5, upvotes: 5, downvotes: 0, position: 0 },
        { version: 7, itemId: 'q2', score: 9, upvotes: 9, downvotes: 0, position: 0 },
      ],
    })], joined(5));
    expect(ids(s)).toEqual(['q2', 'q3', 'q1']);
  });

  it('removes an item and forgets my vote on it', () => {
    const voted = run([{ type: 'myVote', itemId: 'q2', value: 1 }, { type: 'myVote', itemId: 'q3', value: -1 }], joined(5));
    expect(voted.data!.myVotes).toEqual({ q2: 1, q3: -1 });
    const s = run([event('queueUpdated', { version: 6, queue: [item('q1', 2), item('q3', 0)] })], voted);
    expect(ids(s)).toEqual(['q1', 'q3']);
    expect(s.data!.myVotes).toEqual({ q3: -1 });
  });

  it('follows playback: now playing, position updates, and my skip vote only for the song voted on', () => {
    const playback = { isPlaying: true, positionSeconds: 0, updatedAt: 10 };
    let s = run([event('nowPlaying', { version: 6, item: item('q1'), playback, reason: 'next' })], joined(5));
    expect(s.data!.nowPlaying).toEqual({ item: item('q1'), playback });

    s = run([event('playbackUpdated', { version: 7, playback: { isPlaying: false, positionSeconds: 42, updatedAt: 20 } })], s);
    expect(s.data!.nowPlaying!.playback).toEqual({ isPlaying: false, positionSeconds: 42, updatedAt: 20 });

    expect(run([{ type: 'mySkip', itemId: 'q2' }], s).data!.mySkipVote).toBe(false);
    s = run([{ type: 'mySkip', itemId: 'q1' }], s);
    expect(s.data!.mySkipVote).toBe(true);

    s = run([event('nowPlaying', { version: 8, item: null, playback: null, reason: 'queue_empty' })], s);
    expect(s.data!.nowPlaying).toBeNull();
    expect(s.data!.mySkipVote).toBe(false);
  });

  it('takes new settings and clears the idle warning on any commit', () => {
    let s = run([{ type: 'expiring', expiresAt: 1234 }], joined(5));
    expect(s.expiresAt).toBe(1234);
    s = run([event('settingsUpdated', { version: 6, settings: { ...settings, allowVoting: false, maxQueueSize: 10 } })], s);
    expect(s.data!.session.settings).toMatchObject({ allowVoting: false, maxQueueSize: 10 });
    expect(s.expiresAt).toBeNull();
  });

  it('marks a participant who left as away, and one who was removed as gone', () => {
    const cy = run([event('participantJoined', { version: 6, participant: person('p_cy', 'Cy') })], joined(5));
    const left = run([event('participantLeft', { version: 7, participantId: 'p_cy', reason: 'left' })], cy);
    expect(left.data!.participants.find((p) => p.participantId === 'p_cy')).toMatchObject({ present: false });
    expect(left.banEpoch).toBe(0);

    const back = run([event('participantJoined', { version: 8, participant: person('p_cy', 'Cy') })], left);
    expect(back.data!.participants.filter((p) => p.participantId === 'p_cy')).toEqual([person('p_cy', 'Cy')]);

    const removed = run([event('participantLeft', { version: 9, participantId: 'p_cy', reason: 'kicked' })], back);
    expect(removed.data!.participants.map((p) => p.participantId)).toEqual(['p_ann', 'p_bob']);
    expect(removed.banEpoch).toBe(1); // the host's list of bans reloads
    expect(run([event('participantUnbanned', { version: 10, participantId: 'p_cy' })], removed).banEpoch).toBe(2);
  });

  it('moves the host role and keeps the old host as a member', () => {
    const s = run([event('hostChanged', { version: 6, participantId: 'p_bob', previousHostId: 'p_ann', reason: 'transferred' })], joined(5));
    expect(s.data!.session.hostId).toBe('p_bob');
    expect(s.data!.participants.map((p) => [p.name, p.role])).toEqual([['Ann', 'member'], ['Bob', 'host']]);
  });

  it('stops the screen when this client is kicked, or its join is refused as banned', () => {
    const kicked = run([event('kicked', { version: 6, reason: 'Removed by the host' })], joined(5));
    expect(kicked.fatal?.code).toBe('kicked');
    const banned = run([{ type: 'fatal', error: new HuddleError('banned', '') }]);
    expect(banned.fatal?.message).toBe('The host removed you from this session.');
  });

  it('shows the end reason and keeps the data read-only', () => {
    const s = run([event('sessionEnded', { version: 6, reason: 'host_ended' })], joined(5));
    expect(s.ended).toBe('host_ended');
    expect(s.data!.session.status).toBe('ended');
  });

  it('replaces everything with the snapshot taken after a reconnect, and clears a passing failure', () => {
    let s = run([{ type: 'status', status: 'reconnecting' }, { type: 'fatal', error: new HuddleError('network_error', '') }], joined(5));
    s = run([
      { type: 'status', status: 'connected' },
      { type: 'snapshot', snapshot: snapshot(9, { queue: [item('q9')], participants: [person('p_bob', 'Bob', 'host')] }) },
    ], s);
    expect(s.status).toBe('connected');
    expect(s.fatal).toBeNull();
    expect(ids(s)).toEqual(['q9']);
    expect(s.data!.session.version).toBe(9);
    // The events the reconnect missed are in the snapshot: a late one from before it changes nothing.
    expect(run([event('queueUpdated', { version: 8, queue: [] })], s).data).toEqual(s.data);
  });

  it('keeps the host\'s absence from their disconnect until they are back or the role moves', () => {
    const hostAway = { since: 100, handoverAt: 30_100 };
    const away = run([event('participantLeft', { version: 6, participantId: 'p_ann', reason: 'disconnected', hostAway })], joined(5));
    expect(away.data!.hostAway).toEqual(hostAway);
    expect(run([event('participantLeft', { version: 7, participantId: 'p_cy', reason: 'disconnected' })], away).data!.hostAway).toEqual(hostAway);

    const back = run([event('participantJoined', { version: 7, participant: person('p_ann', 'Ann', 'host') })], away);
    expect(back.data!.hostAway).toBeUndefined();
    const moved = run([event('hostChanged', { version: 7, participantId: 'p_bob', previousHostId: 'p_ann', reason: 'host_absent' })], away);
    expect(moved.data!.hostAway).toBeUndefined();
  });
});

describe('classroom deltas', () => {
  const classroom = (version: number) => snapshot(version, {
    session: { ...snapshot(version).session, kind: 'classroom' },
    classroom: { questions: [], myUpvotes: [], myQuestions: [] },
  });
  const question = { itemId: 'qn_1', text: 'Why?', author: null, status: 'open' as const, pinned: false, score: 0, askedAt: 1, answeredAt: null, editedAt: null, anonymous: true, mine: false };

  it('applies questionUpdated and moderationUpdated, and moves the version on an empty delta', () => {
    let s = sessionReducer(initialSession, { type: 'snapshot', snapshot: classroom(5) });
    s = sessionReducer(s, event('questionUpdated', { version: 6, itemId: 'qn_1', question, position: 0 }));
    expect(s.data!.classroom!.questions.map((x) => x.itemId)).toEqual(['qn_1']);
    s = sessionReducer(s, event('questionUpdated', { version: 7, itemId: null, question: null, position: -1 }));
    expect(s.data!.session.version).toBe(7);
    expect(s.data!.classroom!.questions).toHaveLength(1);
    s = sessionReducer(s, event('moderationUpdated', { version: 8, moderation: { blockedWords: null, bannedFromAsking: null, askingBanned: true } }));
    expect(s.data!.classroom!.moderation?.askingBanned).toBe(true);
  });
});
