import { useEffect, useId, useState, type FormEvent } from 'react';
import { toHuddleError } from '../errors';
import { useToast } from '../toasts';
import { coachingApi, when, type BusyCalendar } from './api';
import { useAuth } from './shared';

const statusText: Record<BusyCalendar['status'], string> = { pending: 'Not read yet', ok: 'Working', failing: 'Cannot be read' };

/**
 * The coach's own video link and external busy calendars (docs/coaching.md). A calendar's address is shown masked:
 * its path is the secret that lets anyone read the calendar, so the server never sends it back.
 */
export function CalendarSettings() {
  const me = useAuth();
  const toast = useToast();
  const ids = { link: useId(), calendar: useId() };
  const [link, setLink] = useState('');
  const [calendars, setCalendars] = useState<BusyCalendar[] | null>(null);
  const [address, setAddress] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const isCoach = me?.account.roles.includes('coach') ?? false;
  useEffect(() => {
    if (!isCoach) return;
    coachingApi.meetingLink().then((l) => setLink(l.url ?? ''), () => {});
    coachingApi.busyCalendars().then(setCalendars, (e) => setError(toHuddleError(e).message));
  }, [isCoach]);
  if (!isCoach) return null;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await action();
    } catch (e) {
      setError(toHuddleError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const saveLink = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const saved = await coachingApi.setMeetingLink(link.trim() || null);
      setLink(saved.url ?? '');
      toast(saved.url ? 'Video link saved.' : 'Sessions use a generated video room again.');
    });
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const added = await coachingApi.addBusyCalendar(address.trim());
      setCalendars((list) => [...(list ?? []), added]);
      setAddress('');
      toast(added.status === 'ok' ? 'Calendar added: its busy times now block slots.' : 'Calendar added, but it cannot be read yet (see below).');
    });
  };
  const remove = (id: string) => run(async () => {
    await coachingApi.removeBusyCalendar(id);
    setCalendars((list) => (list ?? []).filter((c) => c.id !== id));
    toast('Calendar removed.');
  });

  return (
    <section className="card editor" aria-labelledby="calendars-heading">
      <h2 id="calendars-heading">Video link and calendars</h2>
      <form onSubmit={saveLink} aria-label="Video link">
        <div className="field"><label htmlFor={ids.link}>Your video link <span className="muted">(https; empty: each session gets its own Jitsi room)</span></label>
          <input id={ids.link} type="url" inputMode="url" value={link} onChange={(e) => setLink(e.target.value)} maxLength={500}
            placeholder="https://zoom.us/j/…" /></div>
        <button type="submit" className="button small" disabled={busy}>Save video link</button>
      </form>
      <h3>Busy calendars</h3>
      <p className="muted">Add the secret iCal address of a calendar (Google, Outlook, iCloud…): its busy times are not offered to clients.
        The address is kept private; it is shown shortened here.</p>
      {calendars && calendars.length > 0 && (
        <ul className="plain-list" aria-label="Busy calendars">
          {calendars.map((c) => (
            <li key={c.id} className="row wrap">
              <span><bdi>{c.url}</bdi> · <strong>{statusText[c.status]}</strong>
                {c.status === 'ok' && c.busyCount != null && ` · ${c.busyCount} busy times`}
                {c.lastError && <> · <span className="form-error">{c.lastError}</span></>}
                {c.lastSuccessAt && <span className="muted"> · last read {when(c.lastSuccessAt)}</span>}</span>
              <button type="button" className="button small ghost" disabled={busy} onClick={() => void remove(c.id)}>Remove calendar {c.url}</button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} aria-label="Add a busy calendar" className="row wrap">
        <div className="field inline"><label htmlFor={ids.calendar}>Calendar address</label>
          <input id={ids.calendar} value={address} onChange={(e) => setAddress(e.target.value)} maxLength={2000} required
            placeholder="https://calendar.google.com/…/basic.ics" /></div>
        <button type="submit" className="button small" disabled={busy || !address.trim()}>Add calendar</button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}
