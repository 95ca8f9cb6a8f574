import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { toHuddleError } from '../errors';
import { navigate } from '../router';
import { useToast } from '../toasts';
import { coachingApi, when, type Coach, type Slot } from './api';
import { useCoachingLive } from './live';
import { clampOccurrences, clashesOf, MAX_OCCURRENCES, MIN_OCCURRENCES, repeatSummary, type Repeat, type SeriesClash } from './series';
import { Link, useAuth } from './shared';
import { formatClock, formatDay, useZone } from './zone';

const anyLengths = [15, 30, 45, 60, 90, 120];
const dayKey = (iso: string) => formatDay(iso);
const timeOf = (iso: string) => formatClock(iso);
const overlaps = (s: Slot, start: string, end: string) => Date.parse(s.start) < Date.parse(end) && Date.parse(start) < Date.parse(s.end);

/**
 * A coach's live availability and the booking form (the seed's basic, enhanced and real-time
 * forms in one): slots vanish as others book them, the chosen slot is taken optimistically while
 * the request runs and comes back if the server refuses.
 */
export function CoachScreen({ id }: { id: string }) {
  const me = useAuth();
  const toast = useToast();
  const ids = { duration: useId(), title: useId(), description: useId(), repeat: useId(), count: useId() };
  const [coach, setCoach] = useState<Coach | null>(null);
  const [duration, setDuration] = useState(60);
  // The lengths this coach offers (their booking rules); none set: the usual choice.
  const [durations, setDurations] = useState(anyLengths);
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [chosen, setChosen] = useState<Slot | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [pending, setPending] = useState<Slot | null>(null);
  const [error, setError] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [repeat, setRepeat] = useState<Repeat>('once');
  const [count, setCount] = useState(6);
  const [clashes, setClashes] = useState<SeriesClash[]>([]);

  // Loads overlap (a length change, a reconnect, a refusal): only the latest may set the list, or a
  // slower answer for the old length would replace the new one under the user's pointer.
  const latestLoad = useRef(0);
  const load = useCallback(async () => {
    const ticket = ++latestLoad.current;
    const from = new Date();
    const to = new Date(from.getTime() + 14 * 86_400_000);
    try {
      const list = await coachingApi.slots(id, from, to, duration);
      if (ticket === latestLoad.current) setSlots(list);
    } catch (e) {
      if (ticket === latestLoad.current) setError(toHuddleError(e).message);
    }
  }, [id, duration]);
  useEffect(() => {
    coachingApi.coaches().then((all) => setCoach(all.find((c) => c.id === id) ?? null), () => {});
    coachingApi.coach(id).then((profile) => {
      const offered = profile.lengths?.length ? profile.lengths : anyLengths;
      setDurations(offered);
      setDuration((d) => (offered.includes(d) ? d : offered[0]));
    }, () => {});
  }, [id]);
  useEffect(() => { void load(); }, [load]);

  useCoachingLive({
    watchCoach: id,
    onAvailability: (e) => {
      if (e.change === 'booked' && e.start && e.end) {
        const { start, end } = e as { start: string; end: string };
        setSlots((list) => list && list.filter((s) => !overlaps(s, start, end)));
        setChosen((c) => {
          if (c && overlaps(c, start, end) && !pending) {
            setAnnouncement(`The slot ${when(c.start)} was just booked by someone else.`);
            return null;
          }
          return c;
        });
      } else {
        void load();
      }
    },
    onReconnected: () => void load(),
  });

  const book = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    const slot = chosen;
    setError('');
    setClashes([]);
    setPending(slot);
    // Optimistic: the slot leaves the list now; it comes back if the server says no.
    setSlots((list) => list && list.filter((s) => s.start !== slot.start));
    try {
      const body = { title: title.trim(), description: description.trim() || undefined, scheduledAt: slot.start, durationMinutes: duration, coachId: id };
      // A series is booked all or nothing: the first session's page lists it like any other.
      const session = repeat === 'once'
        ? await coachingApi.book(body, crypto.randomUUID())
        : (await coachingApi.bookSeries({ ...body, frequency: repeat, count: clampOccurrences(count) }, crypto.randomUUID())).sessions[0];
      toast(repeat === 'once' ? 'Booked.' : `Booked ${repeatSummary(repeat, clampOccurrences(count))}.`);
      navigate(`/coaching/sessions/${session.id}`);
    } catch (err) {
      const failure = toHuddleError(err);
      setError(failure.message);
      setClashes(clashesOf(err));
      setChosen(null);
      if (failure.code !== 'slot_taken') {
        setSlots((list) => list && [...list, slot].sort((a, b) => Date.parse(a.start) - Date.parse(b.start)));
      }
      void load();
    } finally {
      setPending(null);
    }
  };

  const zone = useZone(); // the days are the viewer's days
  const days = useMemo(() => {
    const groups = new Map<string, Slot[]>();
    for (const s of slots ?? []) groups.set(dayKey(s.start), [...(groups.get(dayKey(s.start)) ?? []), s]);
    return [...groups.entries()].slice(0, 7);
  }, [slots, zone]);

  return (
    <>
      <p><Link to="/coaching">← All coaches</Link></p>
      <h1><bdi>{coach?.name ?? 'Coach'}</bdi></h1>
      {coach && <p className="muted">Works in {coach.timeZone}; times below are in your time zone.{coach.bio && <> <bdi>{coach.bio}</bdi></>}</p>}
      <p className="sr-only" role="status" aria-live="polite">{announcement}</p>
      {announcement && <p className="banner" aria-hidden="true">{announcement}</p>}
      <div className="booking-grid">
        <section className="card" aria-labelledby="slots-heading">
          <div className="card-head">
            <h2 id="slots-heading">Free slots</h2>
            <div className="field inline">
              <label htmlFor={ids.duration}>Length</label>
              <select id={ids.duration} value={duration} onChange={(e) => { setDuration(Number(e.target.value)); setChosen(null); setSlots(null); }}>
                {durations.map((d) => <option key={d} value={d}>{d} min</option>)}
              </select>
            </div>
          </div>
          {slots === null ? <p className="muted">Loading…</p> : days.length === 0 ? <p className="muted">No free slots in the next two weeks.</p> : (
            <div role="group" aria-label="Free slots">
              {days.map(([day, list]) => (
                <div key={day} className="slot-day">
                  <h3>{day}</h3>
                  <div className="slot-list">
                    {list.map((s) => (
                      <button key={s.start} type="button" className={`button small slot${chosen?.start === s.start ? ' chosen' : ''}`}
                        aria-pressed={chosen?.start === s.start} aria-label={`${day} ${timeOf(s.start)}`}
                        onClick={() => { setChosen(s); setAnnouncement(''); }}>
                        {timeOf(s.start)}
                      </button>
                    ))}
                  </div>
                </div>
              ))}
            </div>
          )}
        </section>
        <form className="card" onSubmit={book} aria-labelledby="book-heading">
          <h2 id="book-heading">Book</h2>
          {!me ? (
            <p><Link to={`/coaching/login?next=${encodeURIComponent(`/coaching/coaches/${id}`)}`}>Sign in</Link> to book a session.</p>
          ) : (
            <>
              <p aria-live="polite">{chosen ? <>Chosen: <strong>{when(chosen.start)}</strong> for {duration} minutes</> : 'Pick a free slot.'}</p>
              <div className="field"><label htmlFor={ids.title}>Topic</label>
                <input id={ids.title} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={80} required /></div>
              <div className="field"><label htmlFor={ids.description}>Details <span className="muted">(optional)</span></label>
                <textarea id={ids.description} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} rows={3} /></div>
              <div className="field inline"><label htmlFor={ids.repeat}>Repeat</label>
                <select id={ids.repeat} value={repeat} onChange={(e) => { setRepeat(e.target.value as Repeat); setClashes([]); }}>
                  <option value="once">Just once</option>
                  <option value="weekly">Weekly</option>
                  <option value="fortnightly">Fortnightly</option>
                </select>
                {repeat !== 'once' && <>
                  <label htmlFor={ids.count}>× times</label>
                  <input id={ids.count} type="number" min={MIN_OCCURRENCES} max={MAX_OCCURRENCES} value={count}
                    onChange={(e) => { setCount(Number(e.target.value)); setClashes([]); }} onBlur={() => setCount((c) => clampOccurrences(c))} />
                </>}
              </div>
              {repeat !== 'once' && <p className="muted">At the coach's same local time, {repeatSummary(repeat, clampOccurrences(count))}; nothing is booked if any date clashes.</p>}
              {error && <p className="form-error" role="alert">{error}</p>}
              {clashes.length > 0 && (
                <ul className="form-error" aria-label="Dates that clash">
                  {clashes.map((c) => <li key={c.index}><strong>{when(c.scheduledAt)}</strong>: {c.message}</li>)}
                </ul>
              )}
              <button type="submit" className="button primary" disabled={!chosen || pending !== null}>
                {pending ? 'Booking…' : repeat === 'once' ? 'Book this slot' : 'Book the series'}</button>
            </>
          )}
        </form>
      </div>
    </>
  );
}
