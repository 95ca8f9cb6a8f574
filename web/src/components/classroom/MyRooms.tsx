import { useEffect, useState, useSyncExternalStore } from 'react';
import { auth } from '../../coaching/api';
import { toHuddleError } from '../../errors';
import { navigate } from '../../router';
import { storage } from '../../storage';
import { ownedRooms, roomLine, type OwnedRoom } from './ownedRooms';

/**
 * "My rooms" on the home screen, for a teacher signed in with a Huddle account: their classrooms,
 * newest first. Reopen rejoins an active one as host (the server issues this device a new host
 * token); an ended one opens read-only.
 */
export function MyRooms() {
  const me = useSyncExternalStore(auth.subscribe, auth.get);
  const [rooms, setRooms] = useState<OwnedRoom[] | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    if (!me) return;
    let live = true;
    ownedRooms.mine().then((list) => { if (live) setRooms(list); }, (e) => { if (live) setError(toHuddleError(e).message); });
    return () => { live = false; };
  }, [me?.accessToken]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!me) return null;

  const reopen = async (room: OwnedRoom) => {
    setBusy(room.code);
    setError('');
    try {
      const reopened = await ownedRooms.reopen(room.code);
      storage.setToken(reopened.code, reopened.participantToken);
      navigate(`/s/${reopened.code}`);
    } catch (e) {
      setError(toHuddleError(e).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card" aria-labelledby="my-rooms-heading">
      <h2 id="my-rooms-heading">My rooms</h2>
      {error && <p className="form-error" role="alert">{error}</p>}
      {rooms === null && !error && <p className="muted">Loading…</p>}
      {rooms?.length === 0 && <p className="muted">No Q&amp;A yet: start one below, it will be listed here.</p>}
      {rooms && rooms.length > 0 && (
        <ul className="my-rooms">
          {rooms.map((room) => (
            <li key={room.id}>
              <strong>{room.title || 'Q&A'}</strong> <span className="muted">{roomLine(room)}</span>{' '}
              {room.status === 'active'
                ? <button type="button" className="button" disabled={busy !== null} onClick={() => void reopen(room)}>{busy === room.code ? 'Reopening…' : 'Reopen'}</button>
                : <button type="button" className="button" onClick={() => navigate(`/s/${room.code}`)}>Open</button>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
