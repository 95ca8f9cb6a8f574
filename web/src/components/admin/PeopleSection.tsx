// The admin page's "People" section: find accounts by e-mail or name and grant or remove the
// coach and admin roles (GET /api/admin/users, POST/DELETE /api/admin/users/{id}/roles).
import { useState, type FormEvent } from 'react';
import { adminApi, describeError as describe, type AdminAccount, type AdminCredential } from './adminApi';

type Change = { role: 'coach' | 'admin'; grant: boolean };

const changes: { change: Change; label: string; done: string }[] = [
  { change: { role: 'coach', grant: true }, label: 'Make coach', done: 'is now a coach' },
  { change: { role: 'coach', grant: false }, label: 'Remove coach', done: 'is no longer a coach' },
  { change: { role: 'admin', grant: true }, label: 'Make admin', done: 'is now an admin' },
  { change: { role: 'admin', grant: false }, label: 'Remove admin', done: 'is no longer an admin' },
];

export function PeopleSection({ credential }: { credential: AdminCredential }) {
  const [query, setQuery] = useState('');
  const [people, setPeople] = useState<AdminAccount[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setPeople(await adminApi.people(query.trim(), credential));
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };

  const apply = async (person: AdminAccount, change: Change, done: string) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const updated = change.grant
        ? await adminApi.grantRole(person.id, change.role, credential)
        : await adminApi.removeRole(person.id, change.role, credential);
      setPeople((list) => list?.map((p) => (p.id === person.id ? { ...p, roles: updated.roles } : p)) ?? null);
      setStatus(`${person.name} (${person.email}) ${done}.`);
    } catch (err) {
      setError(`Could not change ${person.email}: ${describe(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card admin-people" aria-labelledby="admin-people-title">
      <h2 id="admin-people-title">People</h2>
      <form role="search" onSubmit={search} className="admin-people-search">
        <label htmlFor="admin-people-q">Find people by e-mail or name</label>
        <div className="row">
          <input id="admin-people-q" type="search" maxLength={100} value={query} onChange={(e) => setQuery(e.target.value)} />
          <button type="submit" className="button" disabled={busy}>Search</button>
        </div>
      </form>
      <p role="status" className="muted">{status}</p>
      {error && <p role="alert" className="error">{error}</p>}
      {people?.length === 0 && <p>Nobody matches.</p>}
      {people && people.length > 0 && (
        <ul className="admin-people-list" aria-label="Matching people">
          {people.map((p) => (
            <li key={p.id} aria-label={p.email}>
              <div>
                <strong><bdi>{p.name}</bdi></strong> <span className="muted small">{p.email}</span>
                <div className="small">Roles: <span data-testid="roles">{p.roles.join(', ')}</span></div>
              </div>
              <div className="row admin-people-actions">
                {changes.filter(({ change }) => p.roles.includes(change.role) !== change.grant).map(({ change, label, done }) => (
                  <button key={label} type="button" className="button small" disabled={busy}
                    aria-label={`${label}: ${p.email}`} onClick={() => void apply(p, change, done)}>{label}</button>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
