import { useEffect, useId, useState, type FormEvent } from 'react';
import { toHuddleError } from '../errors';
import { useToast } from '../toasts';
import { coachingApi, type DateException } from './api';
import { AvailabilityGrid } from './AvailabilityGrid';
import { cellsToWindows, emptyCells, windowsToCells, type Cells } from './availabilityGrid';
import { Link, useAuth } from './shared';

type Span = DateException['windows'][number];

export function AvailabilityEditor() {
  const me = useAuth();
  const toast = useToast();
  const ids = { zone: useId(), bio: useId(), exDate: useId(), exOff: useId() };
  const [zone, setZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const [cells, setCells] = useState<Cells>(emptyCells);
  const [exceptions, setExceptions] = useState<DateException[]>([]);
  const [exDate, setExDate] = useState('');
  const [exOff, setExOff] = useState(true);
  const [exWindows, setExWindows] = useState<Span[]>([{ start: '09:00', end: '12:00' }]);
  const [bio, setBio] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const isCoach = me?.account.roles.includes('coach') ?? false;
  useEffect(() => {
    if (!isCoach || loaded) return;
    coachingApi.myAvailability().then((a) => {
      if (a.windows.length > 0 || a.timeZone !== 'UTC') setZone(a.timeZone);
      setCells(windowsToCells(a.windows));
      setExceptions(a.exceptions);
      setBio(a.bio ?? '');
      setLoaded(true);
    }, (e) => setError(toHuddleError(e).message));
  }, [isCoach, loaded]);
  if (!me) return <p><Link to="/coaching/login?next=%2Fcoaching%2Favailability">Sign in</Link> as a coach to edit your availability.</p>;
  if (!isCoach) return <p>Only coaches have availability. Ask an admin to make you a coach.</p>;
  if (!loaded) return error ? <p className="form-error" role="alert">{error}</p> : <p className="muted">Loading…</p>;

  const updateExWindow = (i: number, patch: Partial<Span>) => setExWindows((w) => w.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  // A date's windows replace that weekday's; none at all means not available that day. A date added twice replaces the first.
  const addException = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(exDate)) {
      setError('Pick the date of the exception first.');
      return;
    }
    setError('');
    const entry = { date: exDate, windows: exOff ? [] : exWindows };
    setExceptions((list) => [...list.filter((x) => x.date !== exDate), entry].sort((a, b) => a.date.localeCompare(b.date)));
    setExDate('');
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await coachingApi.setAvailability({ timeZone: zone.trim(), windows: cellsToWindows(cells), exceptions, bio: bio.trim() || undefined });
      toast('Availability saved.');
    } catch (err) {
      setError(toHuddleError(err).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card editor" onSubmit={save} aria-labelledby="editor-heading">
      <p><Link to="/coaching">← Coaching</Link></p>
      <h1 id="editor-heading">My availability</h1>
      <div className="field"><label htmlFor={ids.zone}>Time zone (IANA, e.g. Europe/Paris)</label>
        <input id={ids.zone} value={zone} onChange={(e) => setZone(e.target.value)} required /></div>
      <fieldset className="weekly-hours">
        <legend>Weekly hours</legend>
        <AvailabilityGrid cells={cells} onChange={setCells} zone={zone.trim() || 'UTC'} />
        <div className="row wrap">
          <button type="button" className="button small" onClick={() => setCells(() => emptyCells().map((row) => row.map(() => true)))}>Every day, all day</button>
          <button type="button" className="button small ghost" onClick={() => setCells(emptyCells)}>Clear the week</button>
        </div>
      </fieldset>
      <fieldset>
        <legend>Date exceptions</legend>
        <p className="muted">A date that gets other hours, or none, than its weekday (&ldquo;24 Dec: off&rdquo;, &ldquo;3 Jan: 14:00–18:00&rdquo;), in the same zone.</p>
        {exceptions.length === 0 ? <p className="muted">No exceptions: every date follows the weekly windows.</p> : (
          <ul className="plain-list" aria-label="Date exceptions">
            {exceptions.map((x) => (
              <li key={x.date} className="row wrap">
                <span><strong>{x.date}</strong>: {x.windows.length === 0 ? 'not available' : x.windows.map((w) => `${w.start}–${w.end}`).join(', ')}</span>
                <button type="button" className="button small ghost" onClick={() => setExceptions((list) => list.filter((y) => y.date !== x.date))}>
                  Remove exception {x.date}</button>
              </li>
            ))}
          </ul>
        )}
        <div className="row wrap" role="group" aria-label="New exception">
          <div className="field inline date-field"><label htmlFor={ids.exDate}>Date</label>
            <input id={ids.exDate} type="date" value={exDate} onChange={(e) => setExDate(e.target.value)} /></div>
          <label htmlFor={ids.exOff}><input id={ids.exOff} type="checkbox" checked={exOff} onChange={(e) => setExOff(e.target.checked)} /> Not available that day</label>
        </div>
        {!exOff && exWindows.map((w, i) => (
          <div key={i} className="row wrap window-row" role="group" aria-label={`Exception window ${i + 1}`}>
            <label>From <input value={w.start} onChange={(e) => updateExWindow(i, { start: e.target.value })} pattern="[0-2][0-9]:[0-5][0-9]" size={5} /></label>
            <label>To <input value={w.end} onChange={(e) => updateExWindow(i, { end: e.target.value })} pattern="[0-2][0-9]:[0-5][0-9]" size={5} /></label>
            {exWindows.length > 1 && (
              <button type="button" className="button small ghost" onClick={() => setExWindows((list) => list.filter((_, j) => j !== i))}>Remove exception window {i + 1}</button>
            )}
          </div>
        ))}
        <div className="row wrap">
          {!exOff && <button type="button" className="button small" onClick={() => setExWindows((w) => [...w, { start: '14:00', end: '17:00' }])}>Add a window for that date</button>}
          <button type="button" className="button small" onClick={addException}>Add exception</button>
        </div>
      </fieldset>
      <div className="field"><label htmlFor={ids.bio}>About you <span className="muted">(optional)</span></label>
        <textarea id={ids.bio} value={bio} onChange={(e) => setBio(e.target.value)} maxLength={1000} rows={2} /></div>
      {error && <p className="form-error" role="alert">{error}</p>}
      <button type="submit" className="button primary" disabled={busy}>Save availability</button>
    </form>
  );
}
