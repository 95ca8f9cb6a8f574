import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { toHuddleError } from '../errors';
import { coachingApi, money, when, type CoachingSession, type ReschedulePreview, type Slot } from './api';

/**
 * Moving a scheduled session (docs/coaching.md, "Rescheduling"): what it costs now, the coach's
 * free slots of the same length in the next 14 days, and a confirm that sends the fee it showed.
 * One idempotency key per open box, so a retried click moves the session once.
 */
export function RescheduleBox({ session, onMoved, onClose }: {
  session: CoachingSession; onMoved: (moved: CoachingSession) => void; onClose: () => void;
}) {
  const slotId = useId();
  const [preview, setPreview] = useState<ReschedulePreview | null>(null);
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const key = useRef(crypto.randomUUID());

  const load = useCallback(async () => {
    try {
      const from = new Date();
      const [quote, free] = await Promise.all([
        coachingApi.reschedulePreview(session.id),
        coachingApi.slots(session.coach.id, from, new Date(from.getTime() + 14 * 86_400_000), session.durationMinutes),
      ]);
      setPreview(quote);
      setSlots(free);
    } catch (e) {
      setError(toHuddleError(e).message);
    }
  }, [session.id, session.coach.id, session.durationMinutes]);
  useEffect(() => { void load(); }, [load]);

  const confirm = async () => {
    if (!preview || !chosen) return;
    setBusy(true);
    setError('');
    try {
      onMoved(await coachingApi.reschedule(session.id, chosen, preview.feeCents, key.current));
    } catch (e) {
      const failure = toHuddleError(e);
      setError(failure.message);
      // A refused request changed nothing: a new attempt (another slot, a new fee) gets a new key.
      key.current = crypto.randomUUID();
      if (failure.code === 'fee_changed' || failure.code === 'slot_taken') void load();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="cancel-box reschedule-box" role="group" aria-label="Reschedule the session">
      {!preview ? <p className="muted">Loading…</p> : !preview.allowed ? (
        <p><strong>Your coach does not move sessions less than {preview.lateWindowHours} hours before they start.</strong> You can still cancel.</p>
      ) : (
        <>
          <p><strong>{preview.feeCents > 0
            ? `Moving it now costs a late fee of ${money(preview.feeCents, preview.currency)} (less than ${preview.lateWindowHours} hours before the start).`
            : 'Moving it now is free.'}</strong></p>
          {slots && slots.length === 0 && <p className="muted">No free {session.durationMinutes}-minute slots in the next 14 days.</p>}
          {slots && slots.length > 0 && (
            <div className="field"><label htmlFor={slotId}>New time</label>
              <select id={slotId} value={chosen} onChange={(e) => setChosen(e.target.value)}>
                <option value="">Pick a free slot…</option>
                {slots.map((s) => <option key={s.start} value={s.start}>{when(s.start)}</option>)}
              </select></div>
          )}
        </>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="row wrap">
        {preview?.allowed && <button type="button" className="button primary" disabled={busy || !chosen} onClick={confirm}>Confirm new time</button>}
        <button type="button" className="button ghost" onClick={onClose}>Keep the current time</button>
      </div>
    </div>
  );
}
