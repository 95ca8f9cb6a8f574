import { HuddleError } from './errors';
import type { ConnectionStatus } from './hub';
import type { ClassroomState, Participant, RelayEvent, ServerEvents, Snapshot } from './types';
import { applyQuestionDelta, applyQuestions, applyQuestionScore } from './components/classroom/questions';
import { applyPoll } from './components/classroom/polls';
import { withChoice } from './pickOptions';

// The state of one live session screen and the only function that changes it: pure (no React, no
// I/O), so it is unit-tested (sessionState.test.ts). The hook (useSession.ts) feeds it the
// snapshot and the events in protocol order, and the results of this client's own calls.

export interface RelayLogEntry extends RelayEvent { id: number; at: number; mine: boolean }

export interface SessionState {
  status: ConnectionStatus;
  data: Snapshot | null;
  /** A failure that stops the session screen: unknown code, ended before joining, kicked… */
  fatal: HuddleError | null;
  ended: string | null;
  log: RelayLogEntry[];
  /** When an idle session will end (Unix ms), after sessionExpiring; cleared by the next commit. */
  expiresAt: number | null;
  /** Counts kicks and lifted bans seen: the host's list of bans reloads when it changes. */
  banEpoch: number;
}

export type VersionedEvent = Exclude<keyof ServerEvents, 'event' | 'reaction' | 'reconnect' | 'sessionExpiring'>;

export type SessionAction =
  | { type: 'status'; status: ConnectionStatus }
  | { type: 'expiring'; expiresAt: number }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'fatal'; error: HuddleError }
  | { type: 'relay'; entry: RelayLogEntry }
  | { type: 'myVote'; itemId: string; value: number }
  | { type: 'mySkip'; itemId: string }
  | { type: 'myChoice'; movieId: number; like: boolean | null }
  | { type: 'classroom'; update: (c: ClassroomState) => ClassroomState }
  | { [K in VersionedEvent]: { type: 'event'; name: K; e: ServerEvents[K] } }[VersionedEvent];

export const initialSession: SessionState = { status: 'connecting', data: null, fatal: null, ended: null, log: [], expiresAt: null, banEpoch: 0 };

function upsert(list: Participant[], p: Participant): Participant[] {
  return list.some((x) => x.participantId === p.participantId)
    ? list.map((x) => (x.participantId === p.participantId ? p : x))
    : [...list, p];
}

/** Applies one server event to the snapshot; every case is idempotent, so a replay is harmless. */
function applyEvent(d: Snapshot, a: Extract<SessionAction, { type: 'event' }>): Snapshot {
  const version = Math.max(d.session.version, a.e.version);
  const session = { ...d.session, version };
  switch (a.name) {
    case 'participantJoined': {
      const back = a.e.participant.participantId === d.session.hostId;
      return { ...d, session, participants: upsert(d.participants, a.e.participant), hostAway: back ? undefined : d.hostAway };
    }
    case 'participantLeft':
      return {
        ...d, session,
        hostAway: a.e.hostAway ?? (a.e.participantId === d.session.hostId ? undefined : d.hostAway),
        participants: a.e.reason === 'kicked'
          ? d.participants.filter((p) => p.participantId !== a.e.participantId)
          : d.participants.map((p) => (p.participantId === a.e.participantId ? { ...p, present: false } : p)),
      };
    case 'hostChanged': {
      const participants = d.participants.map((p): Participant =>
        p.participantId === a.e.participantId ? { ...p, role: 'host' }
          : p.role === 'host' ? { ...p, role: 'member' } : p);
      return { ...d, session: { ...session, hostId: a.e.participantId }, participants, hostAway: undefined };
    }
    case 'roleChanged':
      return { ...d, session, participants: d.participants.map((p) => (p.participantId === a.e.participantId ? { ...p, role: a.e.role } : p)) };
    case 'queueUpdated': {
      const ids = new Set(a.e.queue.map((q) => q.itemId));
      const myVotes = Object.fromEntries(Object.entries(d.myVotes).filter(([id]) => ids.has(id)));
      return { ...d, session, queue: a.e.queue, myVotes };
    }
    case 'voteUpdated': {
      const item = d.queue.find((q) => q.itemId === a.e.itemId);
      if (!item) return { ...d, session };
      const queue = d.queue.filter((q) => q.itemId !== a.e.itemId);
      queue.splice(a.e.position, 0, { ...item, score: a.e.score, upvotes: a.e.upvotes, downvotes: a.e.downvotes });
      return { ...d, session, queue };
    }
    case 'itemMoved': {
      const item = d.queue.find((q) => q.itemId === a.e.itemId);
      if (!item) return { ...d, session };
      const queue = d.queue.filter((q) => q.itemId !== a.e.itemId);
      queue.splice(a.e.position, 0, { ...item, pinned: a.e.pinned });
      return { ...d, session, queue };
    }
    case 'votesUpdated': // normally split into single votes on arrival (see useSession)
      return a.e.votes.reduce((acc, e) => applyEvent(acc, { type: 'event', name: 'voteUpdated', e }), d);
    case 'nowPlaying':
      return {
        ...d, session, mySkipVote: false,
        nowPlaying: a.e.item && a.e.playback ? { item: a.e.item, playback: a.e.playback } : null,
      };
    case 'playbackUpdated':
      return d.nowPlaying ? { ...d, session, nowPlaying: { ...d.nowPlaying, playback: a.e.playback } } : { ...d, session };
    case 'historyUpdated':
      return { ...d, session, history: a.e.history };
    case 'skipUpdated':
      return { ...d, session, skip: { votes: a.e.votes, needed: a.e.needed } };
    case 'settingsUpdated':
      return { ...d, session: { ...session, settings: a.e.settings } };
    case 'sessionEnded':
      return { ...d, session: { ...session, status: 'ended' } };
    case 'deckUpdated': {
      const { cards, progress, matches, ranking, notice } = a.e;
      return d.deck ? { ...d, session, deck: { ...d.deck, cards, progress, matches, ranking, notice } } : { ...d, session };
    }
    case 'preferencesChanged':
      return d.deck ? { ...d, session, deck: { ...d.deck, preferences: a.e.preferences } } : { ...d, session };
    case 'deckReadyUpdated':
      return d.deck ? { ...d, session, deck: { ...d.deck, deckReady: a.e.ready } } : { ...d, session };
    case 'matchFound':
      // The deckUpdated of the same commit already lists it; this covers a client that only has this event.
      return d.deck && !d.deck.matches.some((m) => m.movie.movieId === a.e.movie.movieId)
        ? { ...d, session, deck: { ...d.deck, matches: [...d.deck.matches, { movie: a.e.movie, likedBy: a.e.likedBy, matchedAt: Date.now() }] } }
        : { ...d, session };
    case 'watchPartyUpdated':
      return d.deck ? { ...d, session, deck: { ...d.deck, party: a.e.party } } : { ...d, session };
    case 'questionsUpdated':
      return d.classroom ? { ...d, session, classroom: applyQuestions(d.classroom, a.e.questions) } : { ...d, session };
    case 'questionScoresUpdated': // normally split into single scores on arrival (see useSession)
      return a.e.scores.reduce((acc, e) => applyEvent(acc, { type: 'event', name: 'questionScoreUpdated', e }), d);
    case 'questionUpdated':
      return d.classroom ? { ...d, session, classroom: applyQuestionDelta(d.classroom, a.e) } : { ...d, session };
    case 'moderationUpdated':
      return d.classroom ? { ...d, session, classroom: { ...d.classroom, moderation: a.e.moderation } } : { ...d, session };
    case 'pollUpdated':
      return d.classroom ? { ...d, session, classroom: applyPoll(d.classroom, a.e) } : { ...d, session };
    case 'questionScoreUpdated':
      return d.classroom ? { ...d, session, classroom: applyQuestionScore(d.classroom, a.e.itemId, a.e.score) } : { ...d, session };
    case 'kicked':
    case 'participantUnbanned':
    case 'sessionKeptAlive':
      return { ...d, session };
  }
}

export function sessionReducer(state: SessionState, a: SessionAction): SessionState {
  switch (a.type) {
    case 'status':
      return { ...state, status: a.status };
    case 'expiring':
      return { ...state, expiresAt: a.expiresAt };
    case 'snapshot':
      return { ...state, data: a.snapshot, fatal: null, ended: a.snapshot.session.status === 'ended' ? state.ended ?? 'ended' : null };
    case 'fatal':
      return { ...state, fatal: a.error };
    case 'relay':
      return { ...state, log: [...state.log.slice(-199), a.entry] };
    case 'myVote':
      return state.data ? { ...state, data: { ...state.data, myVotes: { ...state.data.myVotes, [a.itemId]: a.value } } } : state;
    case 'mySkip':
      // Only for the song voted on: a vote that skipped it returns after its nowPlaying event, and
      // must not mark the next song as voted.
      return state.data?.nowPlaying?.item.itemId === a.itemId ? { ...state, data: { ...state.data, mySkipVote: true } } : state;
    case 'myChoice':
      return state.data?.deck
        ? { ...state, data: { ...state.data, deck: { ...state.data.deck, myChoices: withChoice(state.data.deck.myChoices, a.movieId, a.like) } } }
        : state;
    case 'classroom':
      return state.data?.classroom ? { ...state, data: { ...state.data, classroom: a.update(state.data.classroom) } } : state;
    case 'event': {
      if (!state.data) return state;
      if (a.name === 'kicked') return { ...state, fatal: new HuddleError('kicked', a.e.reason) };
      // Older than what is shown: already in it (the hook orders events; this keeps the reducer safe alone).
      if (a.e.version < state.data.session.version) return state;
      const data = applyEvent(state.data, a);
      if (a.name === 'sessionEnded') return { ...state, data, ended: a.e.reason };
      const banEpoch = a.name === 'participantUnbanned' || (a.name === 'participantLeft' && a.e.reason === 'kicked') ? state.banEpoch + 1 : state.banEpoch;
      return { ...state, data, expiresAt: null, banEpoch }; // any commit is activity
    }
  }
}

/** The versioned events applied in order; `kicked` is acted on at once, `votesUpdated` is split into votes. */
export const versionedEvents: VersionedEvent[] = [
  'participantJoined', 'participantLeft', 'hostChanged', 'roleChanged', 'queueUpdated', 'voteUpdated', 'itemMoved', 'nowPlaying',
  'playbackUpdated', 'historyUpdated', 'skipUpdated', 'settingsUpdated', 'sessionEnded', 'deckUpdated', 'matchFound',
  'watchPartyUpdated', 'preferencesChanged', 'deckReadyUpdated', 'questionsUpdated', 'questionScoreUpdated', 'questionUpdated', 'moderationUpdated', 'pollUpdated', 'sessionKeptAlive', 'participantUnbanned',
];
