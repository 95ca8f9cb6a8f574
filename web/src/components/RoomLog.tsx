import { useState, type FormEvent } from 'react';
import type { SessionController } from '../useSession';
import { clockTime } from '../time';

export function RoomLog({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const [eventName, setEventName] = useState('');
  const [data, setData] = useState('');
  const [error, setError] = useState('');
  const nameOf = (id: string) => d.participants.find((p) => p.participantId === id)?.name ?? 'Someone';

  const send = async (e: FormEvent) => {
    e.preventDefault();
    let payload: unknown = null;
    if (data.trim()) {
      try { payload = JSON.parse(data); } catch { payload = data; }
    }
    if (!/^[a-z0-9][a-z0-9:_-]{0,63}$/.test(eventName)) {
      setError('Event names use lower-case letters, digits, ":", "_" or "-" (up to 64), starting with a letter or digit.');
      return;
    }
    setError('');
    if (await session.actions.broadcast(eventName, payload)) setData('');
  };

  return (
    <section className="card" aria-labelledby="log-heading">
      <h2 id="log-heading">Live events</h2>
      <form className="relay-form" onSubmit={send} aria-label="Send an event">
        <div className="field">
          <label htmlFor="relay-name">Event name</label>
          <input id="relay-name" value={eventName} onChange={(e) => setEventName(e.target.value)} placeholder="e.g. cursor:move" required
            aria-invalid={error ? true : undefined} aria-describedby={error ? 'relay-error' : undefined} />
        </div>
        <div className="field">
          <label htmlFor="relay-data">Data (JSON or text)</label>
          <textarea id="relay-data" value={data} onChange={(e) => setData(e.target.value)} rows={3} placeholder='{"x": 1}' />
        </div>
        {error && <p className="form-error" id="relay-error" role="alert">{error}</p>}
        <button type="submit" className="button primary" disabled={d.session.status !== 'active'}>Send event</button>
      </form>
      <ol className="log" aria-label="Event log" aria-live="polite">
        {session.state.log.length === 0 && <li className="muted">No events yet. Events others send appear here.</li>}
        {[...session.state.log].reverse().map((entry) => (
          <li key={entry.id}>
            <time className="muted small" dateTime={new Date(entry.at).toISOString()}>{clockTime(entry.at, { seconds: true })}</time>{' '}
            <strong><bdi>{entry.mine ? 'You' : nameOf(entry.senderId)}</bdi></strong>{' '}
            <code>{entry.eventName}</code>{' '}
            <code className="data"><bdi>{JSON.stringify(entry.data)}</bdi></code>
          </li>
        ))}
      </ol>
    </section>
  );
}
