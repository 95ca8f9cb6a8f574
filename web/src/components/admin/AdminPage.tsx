// The operator's page (/admin): sign in with an admin account (e-mail and password) or the
// operator's admin key, then live charts of sessions, participants and messages per second, and
// the table of active sessions (polled every 2 s), and the people search that grants roles.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { HuddleError } from '../../errors';
import { clockTime, dayAndTime, relativeTime } from '../../time';
import { adminApi, adminCredential, type AdminCredential, type AdminSession, type AdminStats } from './adminApi';
import { LineChart, type Point } from './LineChart';
import { MailSection } from './MailSection';
import { WebhooksSection } from '../webhooks/WebhooksSection';
import { PeopleSection } from './PeopleSection';
import './admin.css';

const keep = 60; // readings per chart (2 minutes)

interface Series { sessions: Point[]; participants: Point[]; inPerSecond: Point[]; outPerSecond: Point[] }

const empty: Series = { sessions: [], participants: [], inPerSecond: [], outPerSecond: [] };

// Answers that mean the credential itself is no good: forget it and ask again.
const refusals = new Set(['invalid_admin_key', 'unauthorized', 'admin_disabled', 'unauthenticated', 'not_allowed', 'forbidden']);

function refusalMessage(e: HuddleError, credential: AdminCredential): string {
  if (credential.kind === 'account' && (e.code === 'not_allowed' || e.code === 'forbidden'))
    return `${credential.email} is not an admin account. Sign in with an account that has the admin role, or with the admin key.`;
  return e.message;
}

export function AdminPage() {
  const [credential, setCredential] = useState(() => adminCredential.get());
  const [error, setError] = useState<string | null>(null);
  const [sessions, setSessions] = useState<AdminSession[]>([]);
  const [total, setTotal] = useState(0);
  const [series, setSeries] = useState<Series>(empty);
  const previous = useRef<AdminStats | null>(null);

  useEffect(() => {
    if (!credential) return;
    let stopped = false;
    const poll = async () => {
      try {
        const [stats, list] = await Promise.all([adminApi.stats(credential), adminApi.sessions(credential)]);
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
        if (e instanceof HuddleError && refusals.has(e.code)) {
          adminCredential.clear();
          setCredential(null);
        }
        setError(e instanceof HuddleError ? refusalMessage(e, credential) : String(e));
      }
    };
    void poll();
    const timer = window.setInterval(poll, 2000);
    return () => { stopped = true; window.clearInterval(timer); };
  }, [credential]);

  const signIn = (c: AdminCredential) => {
    adminCredential.set(c);
    setSeries(empty);
    previous.current = null;
    setError(null);
    setCredential(c);
  };
  if (!credential) return <SignIn error={error} onCredential={signIn} />;

  return (
    <section className="admin" aria-labelledby="admin-title">
      <div className="card-head">
        <h1 id="admin-title">Huddle admin</h1>
        <div className="row">
          <span className="muted small">{credential.kind === 'account' ? credential.email : 'admin key'}</span>
          <button type="button" className="button small ghost" onClick={() => { adminCredential.clear(); setCredential(null); }}>Sign out</button>
        </div>
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
        {/* Focusable: on a phone the table scrolls sideways, and a keyboard must be able to scroll it. */}
        <div className="admin-table-wrap" tabIndex={0} role="region" aria-label="Active sessions table">
        <table className="admin-table" aria-label="Active sessions">
          <thead>
            <tr><th scope="col">Code</th><th scope="col">Kind</th><th scope="col">Title</th><th scope="col">Present</th><th scope="col">Total</th><th scope="col">Version</th><th scope="col">Created</th><th scope="col">Last activity</th></tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td><code>{s.code}</code></td><td>{s.kind}</td><td><bdi>{s.title}</bdi></td>
                <td>{s.participantsPresent}</td><td>{s.participantsTotal}</td><td>{s.version}</td>
                <td>{dayAndTime(s.createdAt)}</td><td title={clockTime(s.lastActivityAt, { seconds: true })}>{relativeTime(s.lastActivityAt, Date.now())}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        {sessions.length === 0 && <p>No active sessions.</p>}
      </div>
      <PeopleSection credential={credential} />
      <MailSection credential={credential} />
      <AdminWebhooks credential={credential} />
    </section>
  );
}

function SignIn({ error, onCredential }: { error: string | null; onCredential: (c: AdminCredential) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [loginError, setLoginError] = useState<string | null>(null);

  const signInWithAccount = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setLoginError(null);
    try {
      const { accessToken, account } = await adminApi.login(email.trim(), password);
      onCredential({ kind: 'account', email: account.email, token: accessToken });
    } catch (err) {
      setLoginError(err instanceof HuddleError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const signInWithKey = (e: FormEvent) => {
    e.preventDefault();
    if (key.trim()) onCredential({ kind: 'key', key: key.trim() });
  };
  const shown = loginError ?? error;

  return (
    <section className="card admin-login" aria-labelledby="admin-login-title">
      <h1 id="admin-login-title">Huddle admin</h1>
      {shown && <p role="alert" className="error">{shown}</p>}
      <form onSubmit={signInWithAccount} aria-label="Admin account sign-in">
        <h2>Admin account</h2>
        <label htmlFor="admin-email">E-mail</label>
        <input id="admin-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="admin-password">Password</label>
        <input id="admin-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" className="button primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
      <form onSubmit={signInWithKey} aria-label="Admin key sign-in">
        <h2>Or the admin key</h2>
        <label htmlFor="admin-key">Admin key</label>
        <input id="admin-key" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} />
        <button type="submit" className="button">Sign in with the key</button>
      </form>
      <p>An account needs the admin role; the key is the server's <code>Admin:Key</code>. Either is kept in this tab only.</p>
    </section>
  );
}

function AdminWebhooks({ credential }: { credential: AdminCredential }) {
  const api = useMemo(() => adminApi.webhooks(credential), [credential]);
  return <WebhooksSection api={api} scope="admin" />;
}
