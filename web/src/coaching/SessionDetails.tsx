import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { toHuddleError } from '../errors';
import { useToast } from '../toasts';
import {
  coachingApi, money, statusLabel, when, type AuditEntry, type CancellationPreview, type CoachingSession,
} from './api';
import { useCoachingLive } from './live';
import { LiveRoom, useNotesPrefill } from './LiveRoom';
import { RescheduleBox } from './RescheduleBox';
import { Link, useAuth } from './shared';
import { saveBlob } from '../download';
import { startOffer } from './startOffer';
import { formatClock } from './zone';
import { relativeTime, useNow } from '../time';

/** The coach may mark a no-show this long after the start (CoachingPolicy.NoShowGrace). */
const noShowGraceMs = 15 * 60_000;

export function SessionDetails({ id }: { id: string }) {
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
  const [moving, setMoving] = useState(false);
  // Live updates and actions answer without the video link (only GET /api/sessions/{id} has it): keep the last one read.
  const [meetingLink, setMeetingLink] = useState<string | null>(null);
  const prefillNotes = useNotesPrefill(setNotes, 4000);
  const now = useNow(1000); // the Start button appears the second starting opens

  const load = useCallback(async () => {
    try {
      const loaded = await coachingApi.session(id);
      setSession(loaded);
      setMeetingLink(loaded.meetingLink ?? null);
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
    try {
      saveBlob(await coachingApi.calendar(id), `coaching-${id}.ics`);
    } catch (e) {
      setError(toHuddleError(e).message);
    }
  };
  const offer = startOffer(session, now);
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
          {meetingLink && (session.status === 'scheduled' || session.status === 'in_progress') && (
            <p>Video: <a href={meetingLink} target="_blank" rel="noopener noreferrer" data-testid="meeting-link">{meetingLink}</a></p>
          )}
        </div>
        <p className={`status status-${session.status}`} data-testid="session-status">{statusLabel[session.status]}</p>
      </div>
      {session.status === 'no_show' && session.missedAt && (
        <p className="banner">The coach recorded that the client did not come ({when(session.missedAt)}).</p>
      )}
      {session.status === 'missed' && <p className="banner">This session was never started; it was closed after its end.</p>}
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="home-grid">
        <section className="card" aria-labelledby="actions-heading">
          <h2 id="actions-heading">Actions</h2>
          <div className="row wrap">
            {offer?.kind === 'start' && (
              <button type="button" className="button primary" disabled={busy} onClick={() => act(() => coachingApi.start(id), 'Session started.')}>Start session</button>
            )}
            {offer?.kind === 'opens' && (
              <p className="muted" data-testid="start-opens">Opens at {formatClock(offer.at)} ({relativeTime(Date.parse(offer.at), now)})</p>
            )}
            {session.status === 'scheduled' && !moving && !preview && (
              <button type="button" className="button" onClick={() => setMoving(true)}>Reschedule…</button>
            )}
            {session.status === 'scheduled' && !preview && <button type="button" className="button danger" onClick={askCancel}>Cancel session…</button>}
            {(isCoach || me.account.roles.includes('admin')) && (session.status === 'scheduled' || session.status === 'missed')
              && Date.now() >= Date.parse(session.scheduledAt) + noShowGraceMs && (
              <button type="button" className="button" disabled={busy}
                onClick={() => act(() => coachingApi.noShow(id), 'Marked as a no-show.')}>Mark no-show</button>
            )}
            <button type="button" className="button" onClick={download}>Add to calendar (.ics)</button>
          </div>
          {session.status === 'scheduled' && moving && (
            <RescheduleBox session={session} onClose={() => setMoving(false)} onMoved={(moved) => {
              setSession(moved);
              setMoving(false);
              toast(`Session moved to ${when(moved.scheduledAt)}.`);
              void coachingApi.audit(id).then(setAudit, () => {});
            }} />
          )}
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
        <LiveRoom sessionId={id} code={session.code} status={session.status} editable={isCoach || isClient} meetingLink={meetingLink}
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
