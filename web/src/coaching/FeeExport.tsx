import { useState, type FormEvent } from 'react';
import { saveBlob } from '../download';
import { toHuddleError } from '../errors';
import { coachingApi } from './api';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The admin's fee export for billing: a period (default: the month so far), one CSV download. */
export function FeeExport() {
  const now = new Date();
  const [from, setFrom] = useState(day(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))));
  const [to, setTo] = useState(day(now));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      // The end date is inclusive for people: the export runs to the start of the next day (UTC).
      const end = new Date(`${to}T00:00:00Z`);
      end.setUTCDate(end.getUTCDate() + 1);
      saveBlob(await coachingApi.feesCsv(`${from}T00:00:00Z`, end.toISOString()), `coaching-fees-${from}-${to}.csv`);
    } catch (err) {
      setError(toHuddleError(err).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="fees-heading">
      <h2 id="fees-heading">Fees for billing <span className="muted">(admin)</span></h2>
      <p className="small muted">Late cancellations and late reschedules of the sessions in the period, as a spreadsheet (CSV, at most a year).</p>
      <form className="fee-export" onSubmit={submit}>
        <label>From <input type="date" value={from} max={to} required onChange={(e) => setFrom(e.target.value)} /></label>
        <label>To <input type="date" value={to} min={from} required onChange={(e) => setTo(e.target.value)} /></label>
        <button type="submit" disabled={busy}>{busy ? 'Preparing…' : 'Download CSV'}</button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}
