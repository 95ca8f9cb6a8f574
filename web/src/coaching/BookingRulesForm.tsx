import { useEffect, useId, useState, type FormEvent } from 'react';
import { toHuddleError } from '../errors';
import { useToast } from '../toasts';
import { coachingApi, type CoachRules } from './api';

const offerable = [15, 30, 45, 60, 90, 120];

/**
 * The coach's booking rules (beside the availability editor): the late-reschedule choice and the
 * limits the server enforces on booking, moving and the slot lists. One form, one PUT of the whole
 * set, so no part overwrites another with a stale copy.
 */
export function BookingRulesForm() {
  const id = useId();
  const ids = { notice: useId(), before: useId(), after: useId(), perDay: useId(), horizon: useId() };
  const toast = useToast();
  const [rules, setRules] = useState<CoachRules | null>(null);
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  useEffect(() => { coachingApi.myRules().then(setRules, (e) => setError(toHuddleError(e).message)); }, []);

  const number = (key: keyof CoachRules, value: string) =>
    setRules((r) => r && { ...r, [key]: value === '' ? 0 : Math.trunc(Number(value)) });
  const toggleLength = (length: number) =>
    setRules((r) => r && { ...r, lengths: r.lengths.includes(length) ? r.lengths.filter((l) => l !== length) : [...r.lengths, length].sort((a, b) => a - b) });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!rules) return;
    setError('');
    setSaving(true);
    try {
      setRules(await coachingApi.setRules(rules));
      toast('Booking rules saved.');
    } catch (err) {
      setError(toHuddleError(err).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="card editor" aria-labelledby={id} onSubmit={save}>
      <h2 id={id}>Booking rules</h2>
      <fieldset disabled={rules === null || saving}>
        <legend className="sr-only">Limits</legend>
        <div className="field inline"><label htmlFor={ids.notice}>Minimum notice (hours)</label>
          <input id={ids.notice} type="number" min={0} max={720} step="any" value={rules ? rules.minNoticeMinutes / 60 : ''}
            onChange={(e) => setRules((r) => r && { ...r, minNoticeMinutes: Math.round(Number(e.target.value || 0) * 60) })} /></div>
        <div className="field inline"><label htmlFor={ids.horizon}>Book at most this many days ahead (0: no limit)</label>
          <input id={ids.horizon} type="number" min={0} max={180} value={rules?.horizonDays ?? ''} onChange={(e) => number('horizonDays', e.target.value)} /></div>
        <div className="field inline"><label htmlFor={ids.before}>Free minutes before each session</label>
          <input id={ids.before} type="number" min={0} max={240} value={rules?.bufferBeforeMinutes ?? ''} onChange={(e) => number('bufferBeforeMinutes', e.target.value)} /></div>
        <div className="field inline"><label htmlFor={ids.after}>Free minutes after each session</label>
          <input id={ids.after} type="number" min={0} max={240} value={rules?.bufferAfterMinutes ?? ''} onChange={(e) => number('bufferAfterMinutes', e.target.value)} /></div>
        <div className="field inline"><label htmlFor={ids.perDay}>Sessions per day at most (0: no limit)</label>
          <input id={ids.perDay} type="number" min={0} max={48} value={rules?.maxSessionsPerDay ?? ''} onChange={(e) => number('maxSessionsPerDay', e.target.value)} /></div>
      </fieldset>
      <fieldset className="segmented" disabled={rules === null || saving}>
        <legend>Lengths clients can pick (none ticked: any length)</legend>
        {offerable.map((l) => (
          <label key={l}><input type="checkbox" checked={rules?.lengths.includes(l) ?? false} onChange={() => toggleLength(l)} /> {l} min</label>
        ))}
      </fieldset>
      <fieldset className="segmented" disabled={rules === null || saving}>
        <legend>When a client moves a session less than 24 hours before it starts</legend>
        <label><input type="radio" name="late-reschedule" checked={rules?.lateReschedule === 'fee'}
          onChange={() => setRules((r) => r && { ...r, lateReschedule: 'fee' })} /> Allow it for the late fee</label>
        <label><input type="radio" name="late-reschedule" checked={rules?.lateReschedule === 'refuse'}
          onChange={() => setRules((r) => r && { ...r, lateReschedule: 'refuse' })} /> Do not allow it</label>
      </fieldset>
      {error && <p className="form-error" role="alert">{error}</p>}
      <button type="submit" className="button primary" disabled={rules === null || saving}>{saving ? 'Saving…' : 'Save booking rules'}</button>
    </form>
  );
}
