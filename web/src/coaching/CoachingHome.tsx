import { useCallback, useEffect, useState } from 'react';
import { toHuddleError } from '../errors';
import { useToast } from '../toasts';
import { auth, coachingApi, statusLabel, when, type Coach, type CoachingSession } from './api';
import { FeeExport } from './FeeExport';
import { useCoachingLive } from './live';
import { AccountBar, Link, useAuth } from './shared';

export function CoachingHome() {
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
        {isAdmin && <FeeExport />}
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
