import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { HubClient, sessionHubUrl, type ConnectionStatus } from './hub';
import { HuddleError, toHuddleError } from './errors';
import { storage } from './storage';
import { useToast } from './toasts';
import type { ClassroomState, Participant, RelayEvent, ServerEvents, Snapshot } from './types';
import { applyQuestions, applyQuestionScore } from './components/classroom/questions';

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

type VersionedEvent = Exclude<keyof ServerEvents, 'event' | 'reconnect' | 'sessionExpiring'>;

type Action =
  | { type: 'status'; status: ConnectionStatus }
  | { type: 'expiring'; expiresAt: number }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'fatal'; error: HuddleError }
  | { type: 'relay'; entry: RelayLogEntry }
  | { type: 'myVote'; itemId: string; value: number }
  | { type: 'mySkip'; itemId: string }
  | { type: 'myChoice'; movieId: number; like: boolean }
  | { type: 'classroom'; update: (c: ClassroomState) => ClassroomState }
  | { [K in VersionedEvent]: { type: 'event'; name: K; e: ServerEvents[K] } }[VersionedEvent];

const initial: SessionState = { status: 'connecting', data: null, fatal: null, ended: null, log: [], expiresAt: null, banEpoch: 0 };

function upsert(list: Participant[], p: Participant): Participant[] {
  return list.some((x) => x.participantId === p.participantId)
    ? list.map((x) => (x.participantId === p.participantId ? p : x))
    : [...list, p];
}

/** Applies one server event to the snapshot; every case is idempotent, so a replay is harmless. */
function applyEvent(d: Snapshot, a: Extract<Action, { type: 'event' }>): Snapshot {
  const version = Math.max(d.session.version, a.e.version);
  const session = { ...d.session, version };
  switch (a.name) {
    case 'participantJoined':
      return { ...d, session, participants: upsert(d.participants, a.e.participant) };
    case 'participantLeft':
      return {
        ...d, session,
        participants: a.e.reason === 'kicked'
          ? d.participants.filter((p) => p.participantId !== a.e.participantId)
          : d.participants.map((p) => (p.participantId === a.e.participantId ? { ...p, present: false } : p)),
      };
    case 'hostChanged': {
      const participants = d.participants.map((p): Participant =>
        p.participantId === a.e.participantId ? { ...p, role: 'host' }
          : p.role === 'host' ? { ...p, role: 'member' } : p);
      return { ...d, session: { ...session, hostId: a.e.participantId }, participants };
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
    case 'matchFound':
      // The deckUpdated of the same commit already lists it; this covers a client that only has this event.
      return d.deck && !d.deck.matches.some((m) => m.movie.movieId === a.e.movie.movieId)
        ? { ...d, session, deck: { ...d.deck, matches: [...d.deck.matches, { movie: a.e.movie, likedBy: a.e.likedBy, matchedAt: Date.now() }] } }
        : { ...d, session };
    case 'questionsUpdated':
      return d.classroom ? { ...d, session, classroom: applyQuestions(d.classroom, a.e.questions) } : { ...d, session };
    case 'questionScoreUpdated':
      return d.classroom ? { ...d, session, classroom: applyQuestionScore(d.classroom, a.e.itemId, a.e.score) } : { ...d, session };
    case 'kicked':
    case 'participantUnbanned':
    case 'sessionKeptAlive':
      return { ...d, session };
  }
}

function reducer(state: SessionState, a: Action): SessionState {
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
        ? { ...state, data: { ...state.data, deck: { ...state.data.deck, myChoices: { ...state.data.deck.myChoices, [a.movieId]: a.like } } } }
        : state;
    case 'classroom':
      return state.data?.classroom ? { ...state, data: { ...state.data, classroom: a.update(state.data.classroom) } } : state;
    case 'event': {
      if (!state.data) return state;
      const data = applyEvent(state.data, a);
      if (a.name === 'sessionEnded') return { ...state, data, ended: a.e.reason };
      if (a.name === 'kicked') return { ...state, fatal: new HuddleError('kicked', a.e.reason) };
      const banEpoch = a.name === 'participantUnbanned' || (a.name === 'participantLeft' && a.e.reason === 'kicked') ? state.banEpoch + 1 : state.banEpoch;
      return { ...state, data, expiresAt: null, banEpoch }; // any commit is activity
    }
  }
}

const versioned: VersionedEvent[] = [
  'participantJoined', 'participantLeft', 'hostChanged', 'roleChanged', 'queueUpdated', 'voteUpdated', 'itemMoved', 'nowPlaying',
  'playbackUpdated', 'historyUpdated', 'skipUpdated', 'settingsUpdated', 'kicked', 'sessionEnded', 'deckUpdated', 'matchFound',
  'questionsUpdated', 'questionScoreUpdated', 'sessionKeptAlive', 'participantUnbanned',
];

/**
 * One live session: connects, joins with the stored token (or the remembered name), applies
 * events in version order, resyncs on a gap, rejoins after every reconnect.
 */
export function useSession(code: string) {
  const [state, dispatch] = useReducer(reducer, initial);
  const toast = useToast();
  const hubRef = useRef<HubClient | null>(null);
  const dataRef = useRef<Snapshot | null>(null);
  dataRef.current = state.data;

  useEffect(() => {
    const hub = new HubClient(sessionHubUrl(code));
    hubRef.current = hub;
    let disposed = false;
    let finished = false; // kicked or a fatal join error: a closed connection stays closed
    let version = 0;
    let syncing = true; // while a snapshot is on its way, events wait in the buffer
    let buffer: Action[] = [];
    let relayId = 0;

    const nameOf = (id: string | null | undefined) =>
      dataRef.current?.participants.find((p) => p.participantId === id)?.name ?? 'Someone';
    const myId = () => dataRef.current?.you.participantId;

    const announce = (a: Extract<Action, { type: 'event' }>) => {
      switch (a.name) {
        case 'participantJoined': {
          if (a.e.participant.participantId === myId()) return;
          const known = dataRef.current?.participants.find((p) => p.participantId === a.e.participant.participantId);
          if (!known?.present) toast(known ? `${a.e.participant.name} is back` : `${a.e.participant.name} joined`);
          return;
        }
        case 'participantLeft':
          if (a.e.participantId === myId()) return;
          toast(a.e.reason === 'kicked' ? `${nameOf(a.e.participantId)} was removed`
            : a.e.reason === 'left' ? `${nameOf(a.e.participantId)} left` : `${nameOf(a.e.participantId)} lost connection`);
          return;
        case 'hostChanged':
          if (a.e.reason === 'created') return;
          toast(a.e.participantId === myId() ? 'You are now the host'
            : a.e.participantId ? `${nameOf(a.e.participantId)} is now the host` : 'Nobody is hosting right now');
          return;
        case 'roleChanged':
          if (a.e.participantId === myId()) toast(a.e.role === 'moderator' ? 'You are now a moderator' : 'You are no longer a moderator');
          return;
        case 'sessionEnded':
          toast('The session has ended');
          return;
        case 'matchFound':
          toast(`It's a match: ${a.e.movie.title}`);
          return;
      }
    };

    const apply = (a: Extract<Action, { type: 'event' }>) => {
      const v = a.e.version;
      if (v < version) return; // already in the snapshot
      if (v > version + 1) { void resync(); return; }
      version = v;
      announce(a);
      dispatch(a);
      dataRef.current = reducer({ ...initial, data: dataRef.current }, a).data;
    };

    const receive = (a: Extract<Action, { type: 'event' }>) => {
      // The token is kept: a reload rejoins with it and is refused (banned), instead of joining again by name.
      if (a.name === 'kicked') { dispatch(a); finished = true; void hub.stop(); return; }
      if (syncing) buffer.push(a); else apply(a);
    };

    const adopt = (snapshot: Snapshot) => {
      version = snapshot.session.version;
      dataRef.current = snapshot;
      dispatch({ type: 'snapshot', snapshot });
      syncing = false;
      const pending = buffer;
      buffer = [];
      for (const a of pending) if (a.type === 'event') apply(a);
    };

    const resync = async () => {
      if (syncing) return;
      syncing = true;
      try { adopt(await hub.getSnapshot()); } catch { syncing = false; }
    };

    const join = async () => {
      syncing = true;
      buffer = [];
      const token = storage.token(code) ?? undefined;
      const name = storage.name() || undefined;
      if (!token && !name) { dispatch({ type: 'fatal', error: new HuddleError('need_name', 'Choose a name to join.') }); return; }
      try {
        const snapshot = await hub.joinSession({ code, participantToken: token, name, deviceId: storage.deviceId() });
        storage.setToken(code, snapshot.you.participantToken);
        adopt(snapshot);
        void hub.syncClock().catch(() => {});
      } catch (e) {
        const error = toHuddleError(e);
        if (error.code === 'invalid_token') storage.clearToken(code);
        if (['session_not_found', 'session_ended', 'kicked', 'banned', 'invalid_token', 'session_full', 'invalid_name'].includes(error.code)) {
          dispatch({ type: 'fatal', error });
          finished = true;
          void hub.stop();
        } else {
          toast(error.message, 'error');
        }
      }
    };

    for (const name of versioned) hub.on(name, (e) => receive({ type: 'event', name, e } as Extract<Action, { type: 'event' }>));
    // A busy session's outbox batches consecutive votes into one frame (docs/protocol.md §9).
    hub.on('sessionExpiring', (e) => dispatch({ type: 'expiring', expiresAt: e.expiresAt }));
    hub.on('votesUpdated', (batch) => {
      for (const e of batch.votes) receive({ type: 'event', name: 'voteUpdated', e });
    });
    hub.on('event', (e) => dispatch({ type: 'relay', entry: { ...e, id: ++relayId, at: Date.now(), mine: false } }));
    hub.connection.onreconnecting(() => dispatch({ type: 'status', status: 'reconnecting' }));
    hub.connection.onreconnected(async () => {
      dispatch({ type: 'status', status: 'connected' });
      await join();
    });
    // A node going away says so first; either way a closed connection is retried until it works
    // (behind a load balancer the next attempt reaches another node) and the token rejoins.
    hub.on('reconnect', () => toast('The server is restarting. Reconnecting…', 'info'));
    hub.connection.onclose(() => {
      if (disposed) return;
      if (finished) { dispatch({ type: 'status', status: 'disconnected' }); return; }
      dispatch({ type: 'status', status: 'reconnecting' });
      void connect();
    });

    const connect = async () => {
      for (let attempt = 0; !disposed; attempt++) {
        try {
          await hub.start();
          break;
        } catch {
          dispatch({ type: 'status', status: 'reconnecting' });
          await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 5000)));
        }
      }
      if (disposed) return;
      dispatch({ type: 'status', status: 'connected' });
      await join();
    };
    void connect();

    const clock = setInterval(() => { if (hub.state === 'Connected') void hub.syncClock(1).catch(() => {}); }, 30_000);
    return () => {
      disposed = true;
      clearInterval(clock);
      void hub.stop();
    };
  }, [code, toast]);

  /** Runs a hub action; a failure becomes a toast with the human message for its code. */
  const run = useCallback(async <T,>(action: (hub: HubClient) => Promise<T>): Promise<T | undefined> => {
    const hub = hubRef.current;
    if (!hub) return undefined;
    try {
      return await action(hub);
    } catch (e) {
      toast(toHuddleError(e).message, 'error');
      return undefined;
    }
  }, [toast]);

  const actions = useMemo(() => ({
    keepAlive: () => run((h) => h.keepAlive()),
    vote: async (itemId: string, value: -1 | 0 | 1) => {
      const ok = await run(async (h) => { await h.vote(itemId, value); return true; });
      if (ok) dispatch({ type: 'myVote', itemId, value });
    },
    swipe: async (movieId: number, like: boolean) => {
      const ok = await run(async (h) => { await h.swipe(movieId, like); return true; });
      if (ok) dispatch({ type: 'myChoice', movieId, like });
      return ok === true;
    },
    voteSkip: async () => {
      const itemId = dataRef.current?.nowPlaying?.item.itemId;
      const ok = await run(async (h) => { await h.voteSkip(); return true; });
      if (ok && itemId) dispatch({ type: 'mySkip', itemId });
    },
    /** A local change to the classroom state this client keeps (its upvotes, its questions). */
    classroom: (update: (c: ClassroomState) => ClassroomState) => dispatch({ type: 'classroom', update }),
    broadcast: async (eventName: string, data: unknown) => {
      const ok = await run(async (h) => { await h.broadcast(eventName, data); return true; });
      if (ok && dataRef.current) {
        dispatch({ type: 'relay', entry: { eventName, data, senderId: dataRef.current.you.participantId, id: -Date.now(), at: Date.now(), mine: true } });
      }
      return ok === true;
    },
  }), [run]);

  const me = state.data?.participants.find((p) => p.participantId === state.data?.you.participantId);
  const role = me?.role ?? state.data?.you.role ?? 'member';
  return { state, run, actions, role, me, hub: hubRef };
}

export type SessionController = ReturnType<typeof useSession>;
