import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { toHuddleError } from '../errors';
import { SessionFeed, sessionHubUrl } from '../hub';
import { call, type Notes, type RoomPerson as Person, type Status } from './api';
import { coachingHub } from './live';

/**
 * The live room of a coaching session in progress (docs/coaching.md, "Live room"): who is here,
 * the shared notes (synced live, last writer wins) and the connection's state. The hub connection
 * carries the account's token: the room admits its coach, its client and admins, nobody else.
 */

export type LiveRoomState = { code: string; status: 'active' | 'ended'; endReason?: string | null; notes: Notes; participants: Person[] };
type Connection = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'ended';

/** How long typing pauses before the notes are sent: one commit per pause, not per key. */
const SEND_AFTER_MS = 400;
export const NOTES_MAX = 10_000;

const connectionLabel: Record<Connection, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  disconnected: 'Offline — reload to retry',
  ended: 'The room has ended',
};

/**
 * Where the caret should go when the text changes under it: unchanged before the edit, shifted by
 * the edit's length after it (the edit is the middle part the two texts do not share).
 */
function moveCaret(before: string, after: string, caret: number): number {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < before.length - prefix && suffix < after.length - prefix
    && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  if (caret <= prefix) return caret;
  if (caret >= before.length - suffix) return caret + after.length - before.length;
  return after.length - suffix;
}

/**
 * Keeps a completion form's notes pre-filled from the shared notes until its author edits them:
 * returns the callback to give LiveRoom's onNotes.
 */
export function useNotesPrefill(setNotes: (update: (current: string) => string) => void, max: number) {
  const shared = useRef('');
  return useCallback((text: string) => {
    const previous = shared.current;
    shared.current = text.slice(0, max);
    setNotes((current) => (current === previous ? shared.current : current));
  }, [setNotes, max]);
}

/** <c>editable</c>: the coach and the client write the notes; an admin in the room reads them. */
export function LiveRoom({ sessionId, code, status, editable, onNotes, meetingLink }: {
  sessionId: string; code?: string | null; status: Status; editable: boolean; onNotes?: (text: string) => void;
  /** The session's video link (the coach's own or the generated room), offered while the room is open. */
  meetingLink?: string | null;
}) {
  const ids = { heading: useId(), notes: useId() };
  const live = status === 'in_progress' && !!code;
  const [connection, setConnection] = useState<Connection>(live ? 'connecting' : 'ended');
  const [people, setPeople] = useState<Person[]>([]);
  const [me, setMe] = useState('');
  const [text, setText] = useState('');
  const [lastBy, setLastBy] = useState<string | null>(null);
  const [error, setError] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  const caret = useRef<[number, number] | null>(null);
  const textRef = useRef('');
  const unsent = useRef(false);
  const send = useRef<() => void>(() => {});
  const notesCallback = useRef(onNotes);
  notesCallback.current = onNotes;

  const show = useCallback((notes: Notes) => {
    textRef.current = notes.text;
    setText(notes.text);
    setLastBy(notes.updatedBy?.name ?? null);
    notesCallback.current?.(notes.text);
  }, []);

  // Live while in progress: join with the account, follow presence and notes.
  useEffect(() => {
    if (!live) return;
    setConnection('connecting');
    const hub = coachingHub(sessionHubUrl(code));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = async () => {
      timer = undefined;
      if (!hub.connected) return; // sent after the reconnect
      const sending = textRef.current;
      try {
        await hub.updateNotes(sending);
        if (textRef.current === sending) unsent.current = false;
        setLastBy('you');
        setError('');
        notesCallback.current?.(sending);
      } catch (e) {
        setError(toHuddleError(e).message);
      }
    };
    // Joined with the account; events are ordered against the snapshot by the feed (docs/protocol.md §1.2).
    const feed = new SessionFeed(hub, {
      join: () => hub.joinRoom(code),
      resync: () => hub.getRoomSnapshot(),
      version: (snapshot) => snapshot.session.version,
      snapshot: (snapshot) => {
        setMe(snapshot.you.participantId);
        setPeople(snapshot.participants);
        setError('');
        setConnection('connected');
        // Typed while the connection was down: this client's text is sent now and wins.
        if (unsent.current) void flush();
        else show(snapshot.coachingRoom.notes);
      },
      status: (status) => { if (status !== 'connected') setConnection((c) => (c === 'ended' ? c : status)); },
      joinFailed: (err) => {
        setConnection(err.code === 'session_ended' ? 'ended' : 'disconnected');
        setError(err.code === 'session_ended' ? '' : err.message);
        return true;
      },
    });
    send.current = () => {
      unsent.current = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void flush(), SEND_AFTER_MS);
    };
    feed.on('participantJoined', (e) =>
      setPeople((list) => [...list.filter((p) => p.participantId !== e.participant.participantId), e.participant]));
    feed.on('participantLeft', (e) =>
      setPeople((list) => list.map((p) => (p.participantId === e.participantId ? { ...p, present: false } : p))));
    feed.on('notesUpdated', (e) => {
      // While someone types here, their next send wins anyway: their text stays as it is.
      if (unsent.current || e.text === textRef.current) return;
      const el = area.current;
      if (el && document.activeElement === el) {
        caret.current = [moveCaret(textRef.current, e.text, el.selectionStart), moveCaret(textRef.current, e.text, el.selectionEnd)];
      }
      show(e);
    });
    feed.on('sessionEnded', () => setConnection('ended'));
    // Commits this screen does not show still move the version: without them the next event would look like a gap.
    for (const name of ['hostChanged', 'roleChanged', 'sessionKeptAlive'] as const) feed.on(name, () => {});
    feed.start();
    return () => {
      if (timer) clearTimeout(timer);
      send.current = () => {};
      feed.stop();
    };
  }, [code, live, show]);

  // Not live (completed, or a room that ended while the session stayed in progress): the notes as
  // the room left them, read-only.
  useEffect(() => {
    if (live || (status !== 'in_progress' && status !== 'completed')) return;
    let current = true;
    call<LiveRoomState>(`/api/sessions/${sessionId}/room`).then((room) => {
      if (!current) return;
      setPeople(room.participants);
      show(room.notes);
      setConnection('ended');
    }, () => { if (current) setConnection('ended'); });
    return () => { current = false; };
  }, [sessionId, status, live, show]);

  useLayoutEffect(() => {
    const el = area.current;
    if (el && caret.current) el.setSelectionRange(caret.current[0], caret.current[1]);
    caret.current = null;
  }, [text]);

  if (status !== 'in_progress' && status !== 'completed') return null;
  const open = live && connection !== 'ended';
  const sorted = [...people].sort((a, b) => Number(b.present) - Number(a.present) || a.name.localeCompare(b.name));
  const canWrite = editable && open && connection === 'connected';

  return (
    <section className="card live-room" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>Live room</h2>
      <p className={`live-status live-${connection}`} role="status" data-testid="room-status">{connectionLabel[connection]}</p>
      {error && <p className="form-error" role="alert">{error}</p>}
      {open && meetingLink && (
        <p><a className="button primary" href={meetingLink} target="_blank" rel="noopener noreferrer">Join the video call</a></p>
      )}
      <ul className="people" aria-label="In the room">
        {sorted.map((p) => (
          <li key={p.participantId} className={p.present && open ? 'present' : 'away'}>
            <span className="presence" aria-hidden="true" />
            <span className="person-name"><bdi>{p.name}</bdi>{p.participantId === me && <span className="muted"> (you)</span>}</span>
            {p.role === 'host' && <span className="badge badge-host">Coach</span>}
            <span className="sr-only">{p.present && open ? ', here' : ', away'}</span>
          </li>
        ))}
      </ul>
      <div className="field">
        <label htmlFor={ids.notes}>Shared notes {canWrite ? <span className="muted">(both of you can edit)</span> : <span className="muted">(read-only)</span>}</label>
        <textarea
          id={ids.notes} ref={area} rows={8} maxLength={NOTES_MAX} value={text} readOnly={!canWrite}
          onChange={(e) => { textRef.current = e.target.value; setText(e.target.value); send.current(); }}
        />
        {lastBy && <p className="muted small">Last edited by <bdi>{lastBy}</bdi></p>}
      </div>
    </section>
  );
}
