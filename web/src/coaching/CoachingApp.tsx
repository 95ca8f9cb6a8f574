import { useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import { toHuddleError } from '../errors';
import { navigate } from '../router';
import { useToast } from '../toasts';
import {
  auth, coachingApi, money, passwordRule, statusLabel, when,
  type AuditEntry, type Auth, type CancellationPreview, type Coach, type CoachingSession, type DateException, type Slot, type Window,
} from './api';

type Span = DateException['windows'][number];
import { useCoachingLive } from './live';
import { LiveRoom, useNotesPrefill } from './LiveRoom';
import './coaching.css';

function useAuth(): Auth | null {
  useSyncExternalStore(auth.subscribe, () => localStorage.getItem('huddle.coaching.auth'), () => null);
  return auth.get();
}

/** The coaching kind's screens under /coaching (SPEC §7): accounts, coaches, booking, sessions. */
export function CoachingApp({ path }: { path: string }) {
  const me = useAuth();
  // Roles can change (an admin grants "coach"): refresh the saved account once per sign-in.
  useEffect(() => {
    if (!me) return;
    coachingApi.me().then((account) => {
      const saved = auth.get();
      if (saved && saved.account.roles.join() !== account.roles.join()) auth.set({ ...saved, account });
    }, () => {});
  }, [me?.accessToken]); // eslint-disable-line react-hooks/exhaustive-deps
  const session = /^\/coaching\/sessions\/([0-9a-f-]{36})\/?$/i.exec(path);
  const coach = /^\/coaching\/coaches\/([0-9a-f-]{36})\/?$/i.exec(path);
  let screen;
  if (path.startsWith('/coaching/login')) screen = <AuthScreen />;
  else if (path.startsWith('/coaching/account')) screen = <AccountScreen />;
  else if (path.startsWith('/coaching/availability')) screen = <AvailabilityEditor />;
  else if (session) screen = <SessionDetails key={session[1]} id={session[1]} />;
  else if (coach) screen = <CoachScreen key={coach[1]} id={coach[1]} />;
  else screen = <CoachingHome />;
  return <div className="coaching">{screen}</div>;
}

function Link({ to, children, className }: { to: string; children: React.ReactNode; className?: string }) {
  return <a href={to} className={className} onClick={(e) => { e.preventDefault(); navigate(to); }}>{children}</a>;
}

function AccountBar() {
  const me = useAuth();
  if (!me) return <p><Link to="/coaching/login" className="button primary">Sign in or create an account</Link></p>;
  return (
    <div className="row wrap account-bar">
      <span>Signed in as <strong>{me.account.name}</strong> <span className="muted">({me.account.roles.join(', ')})</span></span>
      {me.account.roles.includes('coach') && <Link to="/coaching/availability" className="button small">Edit my availability</Link>}
      <Link to="/coaching/account" className="button small">Password and devices</Link>
      <button type="button" className="button small ghost" onClick={() => auth.set(null)}>Sign out</button>
    </div>
  );
}

function CoachingHome() {
  const me = useAuth();
  const toast = useToast();
  const [coaches, setCoaches] = useState<Coach[] | null>(null);
  const [mine, setMine] = useState<CoachingSession[] | null>(null);
  const [all, setAll] = useState<CoachingSession[] | null>(null);
  const isAdmin = me?.account.roles.includes('admin') ?? false;
  const loadCoaches = useCallback(() => {
    coachingApi.coaches().then(setCoaches, (e) => toast(toHuddleError(e).message, 'error'));
  }, [toast]);
  const load = useCallback(() => {
    loadCoaches();
    if (auth.get()) coachingApi.mine().then(setMine, (e) => toast(toHuddleError(e).message, 'error'));
    if (auth.get()?.account.roles.includes('admin')) coachingApi.allSessions().then(setAll, () => setAll(null));
  }, [toast, loadCoaches]);
  useEffect(load, [load, me?.accessToken]);
  useCoachingLive({
    watchDirectory: true,
    // A slot booked, freed or an edited week can move a coach's next free slot: fetch the directory again.
    onAvailability: loadCoaches,
    onBooking: (e) => setMine((list) => list && [e.session, ...list.filter((s) => s.id !== e.session.id)]
      .sort((a, b) => Date.parse(b.scheduledAt) - Date.parse(a.scheduledAt))),
    onReconnected: load,
  });
  return (
    <>
      <section className="hero">
        <h1>Coaching</h1>
        <p>Book a session with a coach, run it live, and keep the notes, rating and action items together.</p>
      </section>
      <AccountBar />
      <div className="home-grid">
        {me && (
          <section className="card" aria-labelledby="mine-heading">
            <h2 id="mine-heading">My sessions</h2>
            {mine === null ? <p className="muted">Loading…</p> : mine.length === 0 ? <p className="muted">No sessions yet: pick a coach to book one.</p> : (
              <ul className="plain-list">
                {mine.map((s) => (
                  <li key={s.id}>
                    <Link to={`/coaching/sessions/${s.id}`}><bdi>{s.title}</bdi></Link>
                    <span className="muted"> · {when(s.scheduledAt)} · with <bdi>{s.coach.id === me.account.id ? s.client.name : s.coach.name}</bdi> · </span>
                    <span className={`status status-${s.status}`}>{statusLabel[s.status]}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        <section className="card" aria-labelledby="coaches-heading">
          <h2 id="coaches-heading">Coaches</h2>
          {coaches === null ? <p className="muted">Loading…</p> : coaches.length === 0 ? <p className="muted">No coaches yet.</p> : (
            <ul className="plain-list">
              {coaches.map((c) => (
                <li key={c.id}>
                  <Link to={`/coaching/coaches/${c.id}`}><bdi>{c.name}</bdi></Link>
                  <span className="muted"> · {c.timeZone}{c.bio && <> · <bdi>{c.bio}</bdi></>}</span>
                  <br />
                  <span className="small">{c.nextFreeSlot ? `Next free hour: ${when(c.nextFreeSlot.start)}` : 'No free hour in the next two weeks'}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        {isAdmin && all && (
          <section className="card" aria-labelledby="all-heading">
            <h2 id="all-heading">All sessions <span className="muted">(admin)</span></h2>
            {all.length === 0 ? <p className="muted">No sessions booked yet.</p> : (
              <ul className="plain-list">
                {all.map((s) => (
                  <li key={s.id}>
                    <Link to={`/coaching/sessions/${s.id}`}><bdi>{s.title}</bdi></Link>
                    <span className="muted"> · {when(s.scheduledAt)} · <bdi>{s.client.name}</bdi> with <bdi>{s.coach.name}</bdi> · </span>
                    <span className={`status status-${s.status}`}>{statusLabel[s.status]}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
      </div>
    </>
  );
}

function AuthScreen() {
  const ids = { email: useId(), password: useId(), name: useId(), regEmail: useId(), regPassword: useId() };
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [regEmail, setRegEmail] = useState('');
  const [regPassword, setRegPassword] = useState('');
  const [error, setError] = useState<{ form: 'login' | 'register'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const done = () => navigate(new URLSearchParams(location.search).get('next') ?? '/coaching');
  const submit = (form: 'login' | 'register') => async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      auth.set(form === 'login' ? await coachingApi.login(email, password) : await coachingApi.register(regEmail, regPassword, name));
      done();
    } catch (err) {
      setError({ form, text: toHuddleError(err).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="home-grid">
      <form className="card" onSubmit={submit('login')} aria-labelledby="login-heading">
        <h1 id="login-heading">Sign in</h1>
        <div className="field"><label htmlFor={ids.email}>Email</label>
          <input id={ids.email} type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="username" /></div>
        <div className="field"><label htmlFor={ids.password}>Password</label>
          <input id={ids.password} type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="current-password" /></div>
        {error?.form === 'login' && <p className="form-error" role="alert">{error.text}</p>}
        <button type="submit" className="button primary" disabled={busy}>Sign in</button>
      </form>
      <form className="card" onSubmit={submit('register')} aria-labelledby="register-heading">
        <h2 id="register-heading">Create an account</h2>
        <div className="field"><label htmlFor={ids.name}>Your name</label>
          <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} maxLength={40} required autoComplete="name" /></div>
        <div className="field"><label htmlFor={ids.regEmail}>Email address</label>
          <input id={ids.regEmail} type="email" value={regEmail} onChange={(e) => setRegEmail(e.target.value)} required autoComplete="email" /></div>
        <div className="field"><label htmlFor={ids.regPassword}>New password</label>
          <input id={ids.regPassword} type="password" value={regPassword} onChange={(e) => setRegPassword(e.target.value)} required minLength={10}
            maxLength={128} autoComplete="new-password" aria-describedby="password-hint" />
          <span id="password-hint" className="muted small">{passwordRule}</span></div>
        {error?.form === 'register' && <p className="form-error" role="alert">{error.text}</p>}
        <button type="submit" className="button primary" disabled={busy}>Create account</button>
      </form>
    </div>
  );
}

/**
 * The signed-in account's security: change the password (this device gets a new token, every other
 * device is signed out) and sign out everywhere (this device too).
 */
function AccountScreen() {
  const me = useAuth();
  const toast = useToast();
  const ids = { current: useId(), next: useId(), hint: useId() };
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!me) navigate('/coaching/login?next=/coaching/account');
  }, [me]);
  if (!me) return null;
  const change = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      auth.set(await coachingApi.changePassword(current, next));
      setCurrent('');
      setNext('');
      toast('Password changed. Your other devices are signed out.');
    } catch (err) {
      setError(toHuddleError(err).message);
    } finally {
      setBusy(false);
    }
  };
  const signOutEverywhere = async () => {
    setBusy(true);
    try {
      await coachingApi.logoutAll();
      auth.set(null);
      navigate('/coaching/login');
    } catch (err) {
      toast(toHuddleError(err).message, 'error');
      setBusy(false);
    }
  };
  return (
    <>
      <p><Link to="/coaching">← Coaching</Link></p>
      <h1>Password and devices</h1>
      <div className="home-grid">
        <form className="card" onSubmit={change} aria-labelledby="change-password-heading">
          <h2 id="change-password-heading">Change password</h2>
          <div className="field"><label htmlFor={ids.current}>Current password</label>
            <input id={ids.current} type="password" value={current} onChange={(e) => setCurrent(e.target.value)} required autoComplete="current-password" /></div>
          <div className="field"><label htmlFor={ids.next}>New password</label>
            <input id={ids.next} type="password" value={next} onChange={(e) => setNext(e.target.value)} required minLength={10} maxLength={128}
              autoComplete="new-password" aria-describedby={ids.hint} />
            <span id={ids.hint} className="muted small">{passwordRule}</span></div>
          {error && <p className="form-error" role="alert">{error}</p>}
          <button type="submit" className="button primary" disabled={busy}>Change password</button>
        </form>
        <section className="card" aria-labelledby="devices-heading">
          <h2 id="devices-heading">Signed-in devices</h2>
          <p>Lost a phone, or signed in on a shared computer? Sign out on every device at once, this one included.</p>
          <button type="button" className="button" disabled={busy} onClick={signOutEverywhere}>Sign out everywhere</button>
        </section>
      </div>
    </>
  );
}

const durations = [15, 30, 45, 60, 90, 120];
const dayKey = (iso: string) => new Date(iso).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const timeOf = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
const overlaps = (s: Slot, start: string, end: string) => Date.parse(s.start) < Date.parse(end) && Date.parse(start) < Date.parse(s.end);

/**
 * A coach's live availability and the booking form (the seed's basic, enhanced and real-time
 * forms in one): slots vanish as others book them, the chosen slot is taken optimistically while
 * the request runs and comes back if the server refuses.
 */
function CoachScreen({ id }: { id: string }) {
  const me = useAuth();
  const toast = useToast();
  const ids = { duration: useId(), title: useId(), description: useId() };
  const [coach, setCoach] = useState<Coach | null>(null);
  const [duration, setDuration] = useState(60);
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [chosen, setChosen] = useState<Slot | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [pending, setPending] = useState<Slot | null>(null);
  const [error, setError] = useState('');
  const [announcement, setAnnouncement] = useState('');

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
    setPending(slot);
    // Optimistic: the slot leaves the list now; it comes back if the server says no.
    setSlots((list) => list && list.filter((s) => s.start !== slot.start));
    try {
      const session = await coachingApi.book(
        { title: title.trim(), description: description.trim() || undefined, scheduledAt: slot.start, durationMinutes: duration, coachId: id },
        crypto.randomUUID());
      toast('Booked.');
      navigate(`/coaching/sessions/${session.id}`);
    } catch (err) {
      const failure = toHuddleError(err);
      setError(failure.message);
      setChosen(null);
      if (failure.code !== 'slot_taken') {
        setSlots((list) => list && [...list, slot].sort((a, b) => Date.parse(a.start) - Date.parse(b.start)));
      }
      void load();
    } finally {
      setPending(null);
    }
  };

  const days = useMemo(() => {
    const groups = new Map<string, Slot[]>();
    for (const s of slots ?? []) groups.set(dayKey(s.start), [...(groups.get(dayKey(s.start)) ?? []), s]);
    return [...groups.entries()].slice(0, 7);
  }, [slots]);

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
              {error && <p className="form-error" role="alert">{error}</p>}
              <button type="submit" className="button primary" disabled={!chosen || pending !== null}>{pending ? 'Booking…' : 'Book this slot'}</button>
            </>
          )}
        </form>
      </div>
    </>
  );
}

function SessionDetails({ id }: { id: string }) {
  const me = useAuth();
  const toast = useToast();
  const ids = { notes: useId(), items: useId(), feedback: useId(), reason: useId() };
  const [session, setSession] = useState<CoachingSession | null>(null);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [error, setError] = useState('');
  const [notes, setNotes] = useState('');
  const [items, setItems] = useState('');
  const [rating, setRating] = useState(0);
  const [feedback, setFeedback] = useState('');
  const [preview, setPreview] = useState<CancellationPreview | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const prefillNotes = useNotesPrefill(setNotes, 4000);

  const load = useCallback(async () => {
    try {
      setSession(await coachingApi.session(id));
      setAudit(await coachingApi.audit(id));
    } catch (e) {
      setError(toHuddleError(e).message);
    }
  }, [id]);
  useEffect(() => { void load(); }, [load, me?.accessToken]);
  useCoachingLive({
    onBooking: (e) => {
      if (e.session.id !== id) return;
      setSession((s) => (s && s.version >= e.version ? s : e.session));
      void coachingApi.audit(id).then(setAudit, () => {});
    },
    onReconnected: () => void load(),
  });

  if (!me) return <p><Link to={`/coaching/login?next=${encodeURIComponent(`/coaching/sessions/${id}`)}`}>Sign in</Link> to see this session.</p>;
  if (!session) return error ? <p className="form-error" role="alert">{error}</p> : <p className="muted">Loading…</p>;

  const isCoach = session.coach.id === me.account.id;
  const isClient = session.client.id === me.account.id;
  const act = async (action: () => Promise<CoachingSession>, done: string, onRefused?: (code: string) => void) => {
    setBusy(true);
    setError('');
    try {
      setSession(await action());
      setAudit(await coachingApi.audit(id));
      toast(done);
      return true;
    } catch (e) {
      const failure = toHuddleError(e);
      setError(failure.message);
      onRefused?.(failure.code);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const complete = (e: FormEvent) => {
    e.preventDefault();
    const body = isClient
      ? { rating: rating || undefined, feedback: feedback.trim() || undefined }
      : { notes: notes.trim() || undefined, actionItems: items.split('\n').map((i) => i.trim()).filter(Boolean) };
    void act(() => coachingApi.complete(id, body), 'Saved.');
  };
  const askCancel = async () => {
    setError('');
    try {
      setPreview(await coachingApi.cancellation(id));
    } catch (e) {
      setError(toHuddleError(e).message);
    }
  };
  const download = async () => {
    const blob = await coachingApi.calendar(id);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `coaching-${id}.ics`;
    a.click();
    URL.revokeObjectURL(url);
  };
  const canWrite = session.status === 'in_progress'
    || (session.status === 'completed' && (isClient ? session.rating == null && session.feedback == null : session.notes == null && session.actionItems == null));

  return (
    <>
      <p><Link to="/coaching">← My sessions</Link></p>
      <div className="session-head">
        <div>
          <h1><bdi>{session.title}</bdi></h1>
          <p>{when(session.scheduledAt)} · {session.durationMinutes} min · coach <bdi>{session.coach.name}</bdi> · client <bdi>{session.client.name}</bdi></p>
          {session.description && <p className="muted"><bdi>{session.description}</bdi></p>}
        </div>
        <p className={`status status-${session.status}`} data-testid="session-status">{statusLabel[session.status]}</p>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="home-grid">
        <section className="card" aria-labelledby="actions-heading">
          <h2 id="actions-heading">Actions</h2>
          <div className="row wrap">
            {session.status === 'scheduled' && (
              <button type="button" className="button primary" disabled={busy} onClick={() => act(() => coachingApi.start(id), 'Session started.')}>Start session</button>
            )}
            {session.status === 'scheduled' && !preview && <button type="button" className="button danger" onClick={askCancel}>Cancel session…</button>}
            <button type="button" className="button" onClick={download}>Add to calendar (.ics)</button>
          </div>
          {session.status === 'scheduled' && preview && (
            <div className="cancel-box" role="group" aria-label="Confirm cancellation">
              <p><strong>{preview.feeCents > 0
                ? `Cancelling now costs a late-cancellation fee of ${money(preview.feeCents, preview.currency)} (less than ${preview.lateWindowHours} hours before the start).`
                : 'Cancelling now is free.'}</strong></p>
              <div className="field"><label htmlFor={ids.reason}>Reason</label>
                <input id={ids.reason} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required /></div>
              <div className="row wrap">
                <button type="button" className="button danger" disabled={busy || !reason.trim()}
                  onClick={() => act(() => coachingApi.cancel(id, reason.trim(), preview.feeCents), 'Session cancelled.',
                    // The fee moved (the 24-hour mark passed): show the new one and let them confirm again.
                    (code) => { if (code === 'fee_changed') void coachingApi.cancellation(id).then(setPreview, () => {}); })
                    .then((ok) => { if (ok) setPreview(null); })}>Confirm cancellation</button>
                <button type="button" className="button ghost" onClick={() => setPreview(null)}>Keep the session</button>
              </div>
            </div>
          )}
          {session.cancellation && (
            <p>Cancelled by the {session.cancellation.by}: <bdi>{session.cancellation.reason}</bdi>.
              {session.cancellation.feeCents > 0 && ` Fee charged: ${money(session.cancellation.feeCents, session.cancellation.currency)}.`}</p>
          )}
        </section>
        <LiveRoom sessionId={id} code={session.code} status={session.status} editable={isCoach || isClient}
          onNotes={isCoach && session.status === 'in_progress' ? prefillNotes : undefined} />
        {(session.status === 'in_progress' || session.status === 'completed') && (
          <section className="card" aria-labelledby="record-heading">
            <h2 id="record-heading">Session record</h2>
            {session.notes && <><h3>Coach's notes</h3><p className="pre"><bdi>{session.notes}</bdi></p></>}
            {session.actionItems && session.actionItems.length > 0 && (
              <><h3>Action items</h3><ul aria-label="Action items">{session.actionItems.map((a) => <li key={a}><bdi>{a}</bdi></li>)}</ul></>
            )}
            {session.rating != null && <p>Rating: <strong>{session.rating} / 5</strong></p>}
            {session.feedback && <p>Feedback: <bdi>{session.feedback}</bdi></p>}
            {canWrite && (isClient || isCoach || me.account.roles.includes('admin')) && (
              <form onSubmit={complete} aria-label={session.status === 'in_progress' ? 'Complete the session' : 'Add your part'}>
                {isClient ? (
                  <>
                    <fieldset className="segmented">
                      <legend>Rating</legend>
                      {[1, 2, 3, 4, 5].map((r) => (
                        <label key={r}><input type="radio" name="rating" value={r} checked={rating === r} onChange={() => setRating(r)} /> {r}</label>
                      ))}
                    </fieldset>
                    <div className="field"><label htmlFor={ids.feedback}>Feedback</label>
                      <textarea id={ids.feedback} value={feedback} onChange={(e) => setFeedback(e.target.value)} maxLength={2000} rows={3} /></div>
                  </>
                ) : (
                  <>
                    <div className="field"><label htmlFor={ids.notes}>Notes</label>
                      <textarea id={ids.notes} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={4000} rows={4} /></div>
                    <div className="field"><label htmlFor={ids.items}>Action items <span className="muted">(one per line)</span></label>
                      <textarea id={ids.items} value={items} onChange={(e) => setItems(e.target.value)} rows={3} /></div>
                  </>
                )}
                <button type="submit" className="button primary" disabled={busy}>
                  {session.status === 'in_progress' ? 'Complete session' : 'Save'}
                </button>
              </form>
            )}
          </section>
        )}
        <section className="card" aria-labelledby="history-heading">
          <h2 id="history-heading">History</h2>
          <ol className="plain-list">
            {audit.map((a, i) => (
              <li key={i}>{when(a.at)} · {a.action} by the {a.actorRole}{a.from ? ` (${a.from} → ${a.to})` : ''}{a.reason && <>: <bdi>{a.reason}</bdi></>}</li>
            ))}
          </ol>
        </section>
      </div>
    </>
  );
}

const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function AvailabilityEditor() {
  const me = useAuth();
  const toast = useToast();
  const ids = { zone: useId(), bio: useId(), exDate: useId(), exOff: useId() };
  const [zone, setZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const [windows, setWindows] = useState<Window[]>([]);
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
      setWindows(a.windows);
      setExceptions(a.exceptions);
      setBio(a.bio ?? '');
      setLoaded(true);
    }, (e) => setError(toHuddleError(e).message));
  }, [isCoach, loaded]);
  if (!me) return <p><Link to="/coaching/login?next=%2Fcoaching%2Favailability">Sign in</Link> as a coach to edit your availability.</p>;
  if (!isCoach) return <p>Only coaches have availability. Ask an admin to make you a coach.</p>;
  if (!loaded) return error ? <p className="form-error" role="alert">{error}</p> : <p className="muted">Loading…</p>;

  const update = (i: number, patch: Partial<Window>) => setWindows((w) => w.map((x, j) => (j === i ? { ...x, ...patch } : x)));
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
      await coachingApi.setAvailability({ timeZone: zone.trim(), windows, exceptions, bio: bio.trim() || undefined });
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
      <fieldset>
        <legend>Weekly windows</legend>
        {windows.length === 0 && <p className="muted">No windows yet: add one.</p>}
        {windows.map((w, i) => (
          <div key={i} className="row wrap window-row" role="group" aria-label={`Window ${i + 1}`}>
            <label>Day <select value={w.dayOfWeek} onChange={(e) => update(i, { dayOfWeek: Number(e.target.value) })}>
              {dayNames.map((d, n) => <option key={d} value={n}>{d}</option>)}
            </select></label>
            <label>From <input value={w.start} onChange={(e) => update(i, { start: e.target.value })} pattern="[0-2][0-9]:[0-5][0-9]" size={5} required /></label>
            <label>To <input value={w.end} onChange={(e) => update(i, { end: e.target.value })} pattern="[0-2][0-9]:[0-5][0-9]" size={5} required /></label>
            <button type="button" className="button small ghost" onClick={() => setWindows((list) => list.filter((_, j) => j !== i))}>Remove window {i + 1}</button>
          </div>
        ))}
        <div className="row wrap">
          <button type="button" className="button small" onClick={() => setWindows((w) => [...w, { dayOfWeek: 1, start: '09:00', end: '17:00' }])}>Add window</button>
          <button type="button" className="button small" onClick={() => setWindows([0, 1, 2, 3, 4, 5, 6].map((d) => ({ dayOfWeek: d, start: '00:00', end: '24:00' })))}>Every day, all day</button>
        </div>
      </fieldset>
      <fieldset>
        <legend>Date exceptions</legend>
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
          <div className="field inline"><label htmlFor={ids.exDate}>Date</label>
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
