import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { HubClient, SessionFeed, sessionHubUrl } from './hub';
import { HuddleError, toHuddleError } from './errors';
import { initialSession, sessionReducer, versionedEvents, type SessionAction } from './sessionState';
import { storage } from './storage';
import { useToast } from './toasts';
import { watchNotice } from './watchNotice';
import type { ClassroomState, Snapshot } from './types';
import { filtersChangedText } from './pickOptions';

type EventAction = Extract<SessionAction, { type: 'event' }>;

/** A refused join that ends the screen: nothing a retry would change. */
const finalJoinErrors = ['session_not_found', 'session_ended', 'kicked', 'banned', 'invalid_token', 'session_full', 'invalid_name'];

/**
 * One live session: connects, joins with the stored token (or the remembered name), applies
 * events in version order, resyncs on a gap, rejoins after every reconnect (all in hub.ts's
 * SessionFeed); this hook turns them into sessionState actions and toasts.
 */
export function useSession(code: string) {
  const [state, dispatch] = useReducer(sessionReducer, initialSession);
  const toast = useToast();
  const hubRef = useRef<HubClient | null>(null);
  const dataRef = useRef<Snapshot | null>(null);
  dataRef.current = state.data;

  useEffect(() => {
    const hub = new HubClient(sessionHubUrl(code));
    hubRef.current = hub;
    let relayId = 0;

    const nameOf = (id: string | null | undefined) =>
      dataRef.current?.participants.find((p) => p.participantId === id)?.name ?? 'Someone';
    const myId = () => dataRef.current?.you.participantId;

    const announce = (a: EventAction) => {
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
        case 'preferencesChanged':
          toast(filtersChangedText(nameOf(a.e.byId), a.e.byId === myId(), a.e.byId === dataRef.current?.session.hostId));
          return;
        case 'playbackUpdated': {
          const d = dataRef.current;
          if (!d?.deck || !a.e.byId) return;
          const notice = watchNotice(d.nowPlaying?.playback, a.e.playback, { name: nameOf(a.e.byId), isMe: a.e.byId === myId() }, !!d.deck.party?.platform);
          if (notice) toast(notice);
          return;
        }
      }
    };

    const apply = (a: EventAction) => {
      announce(a);
      dispatch(a);
      dataRef.current = sessionReducer({ ...initialSession, data: dataRef.current }, a).data;
    };

    const feed = new SessionFeed(hub, {
      join: async () => {
        const token = storage.token(code) ?? undefined;
        const name = storage.name() || undefined;
        if (!token && !name) throw new HuddleError('need_name', 'Choose a name to join.');
        const snapshot = await hub.joinSession({ code, participantToken: token, name, deviceId: storage.deviceId() });
        storage.setToken(code, snapshot.you.participantToken);
        void hub.syncClock().catch(() => {});
        return snapshot;
      },
      resync: () => hub.getSnapshot(),
      version: (snapshot) => snapshot.session.version,
      snapshot: (snapshot) => {
        dataRef.current = snapshot;
        dispatch({ type: 'snapshot', snapshot });
      },
      status: (status) => dispatch({ type: 'status', status }),
      joinFailed: (error) => {
        if (error.code === 'need_name') { dispatch({ type: 'fatal', error }); return false; }
        if (error.code === 'invalid_token') storage.clearToken(code);
        if (finalJoinErrors.includes(error.code)) { dispatch({ type: 'fatal', error }); return true; }
        toast(error.message, 'error');
        return false;
      },
    });

    for (const name of versionedEvents) feed.on(name, (e) => apply({ type: 'event', name, e } as EventAction));
    // A busy session's outbox batches consecutive votes into one frame (docs/protocol.md §9).
    hub.on('votesUpdated', (batch) => {
      for (const e of batch.votes) feed.offer(e, () => apply({ type: 'event', name: 'voteUpdated', e }));
    });
    hub.on('questionScoresUpdated', (batch) => {
      for (const e of batch.scores) feed.offer(e, () => apply({ type: 'event', name: 'questionScoreUpdated', e }));
    });
    // The token is kept: a reload rejoins with it and is refused (banned), instead of joining again by name.
    hub.on('kicked', (e) => { dispatch({ type: 'event', name: 'kicked', e }); feed.finish(); });
    hub.on('sessionExpiring', (e) => dispatch({ type: 'expiring', expiresAt: e.expiresAt }));
    hub.on('event', (e) => dispatch({ type: 'relay', entry: { ...e, id: ++relayId, at: Date.now(), mine: false } }));
    // A node going away says so first; the feed retries the closed connection and the token rejoins.
    hub.on('reconnect', () => toast('The server is restarting. Reconnecting…', 'info'));
    feed.start();

    const clock = setInterval(() => { if (hub.connected) void hub.syncClock(1).catch(() => {}); }, 30_000);
    return () => {
      clearInterval(clock);
      feed.stop();
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
    /** Withdraws the choice on the server (Undo), so it no longer counts. */
    unswipe: async (movieId: number) => {
      const ok = await run(async (h) => { await h.unswipe(movieId); return true; });
      if (ok) dispatch({ type: 'myChoice', movieId, like: null });
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
