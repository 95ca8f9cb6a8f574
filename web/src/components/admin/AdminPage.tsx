// The operator's page (/admin): asks for the admin key, then shows live charts of sessions,
// participants and messages per second, and the table of active sessions. Polls every 2 s.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { HuddleError } from '../../errors';
import { adminApi, adminKey, type AdminSession, type AdminStats } from './adminApi';
import { LineChart, type Point } from './LineChart';
import './admin.css';

const keep = 60; // readings per chart (2 minutes)

interface Series { sessions: Point[]; participants: Point[]; inPerSecond: Point[]; outPerSecond: Point[] }

const empty: Series = { sessions: [], participants: [], inPerSecond: [], outPerSecond: [] };

export function AdminPage() {
  const [key, setKey] = useState(() => adminKey.get());
  const [error, setError] = useState<string | null>(null);
  const [sessions, setSessions] = useState<AdminSession[]>([]);
  const [total, setTotal] = useState(0);
  const [series, setSeries] = useState<Series>(empty);
  const previous = useRef<AdminStats | null>(null);

  useEffect(() => {
    if (!key) return;
    let stopped = false;
    const poll = async () => {
      try {
        const [stats, list] = await Promise.all([adminApi.stats(key), adminApi.sessions(key)]);
        if (stopped) return;
        setError(null);
        setSessions(list.sessions);
        setTotal(list.total);
        const before = previous.current;
        previous.current = stats;
        const seconds = before ? Math.max(0.001, (stats.time - before.time) / 1000) : 1;
        const add = (points: Point[], v: number) => [...points, { t: stats.time, v }].slice(-keep);
        setSeries((s) => ({
          sessions: add(s.sessions, stats.sessions),
          participants: add(s.participants, stats.participantsPresent),
          inPerSecond: before ? add(s.inPerSecond, (stats.messagesIn - before.messagesIn) / seconds) : s.inPerSecond,
          outPerSecond: before ? add(s.outPerSecond, (stats.messagesOut - before.messagesOut) / seconds) : s.outPerSecond,
        }));
      } catch (e) {
        if (stopped) return;
        const code = e instanceof HuddleError ? e.code : 'network_error';
        if (code === 'invalid_admin_key' || code === 'unauthorized' || code === 'admin_disabled') {
          adminKey.clear();
          setKey(null);
        }
        setError(e instanceof HuddleError ? `${e.message} (${e.code})` : String(e));
      }
    };
    void poll();
    const timer = window.setInterval(poll, 2000);
    return () => { stopped = true; window.clearInterval(timer); };
  }, [key]);

  if (!key) return <KeyForm error={error} onKey={(k) => { adminKey.set(k); setSeries(empty); previous.current = null; setKey(k); }} />;

  return (
    <section className="admin" aria-labelledby="admin-title">
      <div className="card-head">
        <h1 id="admin-title">Huddle admin</h1>
        <button type="button" className="button small ghost" onClick={() => { adminKey.clear(); setKey(null); }}>Sign out</button>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="admin-charts">
        <LineChart title="Active sessions" points={series.sessions} />
        <LineChart title="Participants present" points={series.participants} />
        <LineChart title="Messages in" points={series.inPerSecond} unit="/s" />
        <LineChart title="Messages out" points={series.outPerSecond} unit="/s" />
      </div>
      <div className="card">
        <h2>Active sessions ({total})</h2>
        <div className="admin-table-wrap">
        <table className="admin-table" aria-label="Active sessions">
          <thead>
            <tr><th scope="col">Code</th><th scope="col">Kind</th><th scope="col">Title</th><th scope="col">Present</th><th scope="col">Total</th><th scope="col">Version</th><th scope="col">Created</th><th scope="col">Last activity</th></tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td><code>{s.code}</code></td><td>{s.kind}</td><td>{s.title}</td>
                <td>{s.participantsPresent}</td><td>{s.participantsTotal}</td><td>{s.version}</td>
                <td>{new Date(s.createdAt).toLocaleString()}</td><td>{new Date(s.lastActivityAt).toLocaleTimeString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        {sessions.length === 0 && <p>No active sessions.</p>}
      </div>
    </section>
  );
}

function KeyForm({ error, onKey }: { error: string | null; onKey: (key: string) => void }) {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) onKey(value.trim());
  };
  return (
    <section className="card admin-login" aria-labelledby="admin-login-title">
      <h1 id="admin-login-title">Huddle admin</h1>
      <form onSubmit={submit} aria-label="Admin sign-in">
        <label htmlFor="admin-key">Admin key</label>
        <input id="admin-key" type="password" autoComplete="current-password" value={value} onChange={(e) => setValue(e.target.value)} />
        <button type="submit" className="button primary">Sign in</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      <p>The key is the server's <code>Admin:Key</code>. It is kept in this tab only.</p>
    </section>
  );
}
