// The admin page's "E-mail" section: the coaching e-mail outbox (GET /api/admin/mail), dead messages
// first, and requeueing one (POST /api/admin/mail/{id}/retry).
import { useCallback, useEffect, useState } from 'react';
import { adminApi, describeError as describe, type AdminCredential, type AdminMail } from './adminApi';
import { dayAndTime } from '../../time';

const filters = [
  { value: 'dead', label: 'Dead' },
  { value: 'pending', label: 'Waiting' },
  { value: 'sent', label: 'Sent' },
  { value: '', label: 'All' },
];

export function MailSection({ credential }: { credential: AdminCredential }) {
  const [filter, setFilter] = useState('dead');
  const [mail, setMail] = useState<AdminMail[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setMail(await adminApi.mail(filter, credential));
      setError(null);
    } catch (err) {
      setError(describe(err));
    }
  }, [filter, credential]);

  useEffect(() => void load(), [load]);

  const retry = async (m: AdminMail) => {
    setBusy(true);
    setStatus(null);
    try {
      await adminApi.retryMail(m.id, credential);
      setStatus(`The e-mail to ${m.recipientEmail ?? m.recipientId} is queued again.`);
      await load();
    } catch (err) {
      setError(`Could not requeue it: ${describe(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card admin-mail" aria-labelledby="admin-mail-title">
      <h2 id="admin-mail-title">E-mail</h2>
      <div className="row" role="group" aria-label="Show e-mail">
        {filters.map((f) => (
          <button key={f.label} type="button" className="button small" aria-pressed={filter === f.value} onClick={() => setFilter(f.value)}>
            {f.label}
          </button>
        ))}
        <button type="button" className="button small" onClick={() => void load()}>Refresh</button>
      </div>
      <p role="status" className="muted">{status}</p>
      {error && <p role="alert" className="error">{error}</p>}
      {mail?.length === 0 && <p>No e-mail here.</p>}
      {mail && mail.length > 0 && (
        <div className="admin-table-wrap" tabIndex={0} role="region" aria-label="E-mail table">
        <table className="admin-table" aria-label="E-mail">
          <thead>
            <tr><th>To</th><th>Kind</th><th>Status</th><th>Attempts</th><th>Last error</th><th /></tr>
          </thead>
          <tbody>
            {mail.map((m) => (
              <tr key={m.id}>
                <td>{m.recipientEmail ?? m.recipientId}</td>
                <td>{m.kind}</td>
                <td>{m.status}{m.sentAt ? ` ${dayAndTime(new Date(m.sentAt).getTime())}` : ''}</td>
                <td>{m.attempts}</td>
                <td className="small">{m.lastError}</td>
                <td>
                  {m.status === 'dead' && (
                    <button type="button" className="button small" disabled={busy} aria-label={`Retry e-mail ${m.id}`}
                      onClick={() => void retry(m)}>Retry</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </section>
  );
}
