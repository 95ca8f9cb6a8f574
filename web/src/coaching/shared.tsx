// What every coaching screen shares: the signed-in account (re-rendered when it changes), links
// that navigate without a reload, and the account bar.

import { useSyncExternalStore } from 'react';
import { navigate } from '../router';
import { auth, type Auth } from './api';

export function useAuth(): Auth | null {
  useSyncExternalStore(auth.subscribe, () => localStorage.getItem('huddle.coaching.auth'), () => null);
  return auth.get();
}

export function Link({ to, children, className }: { to: string; children: React.ReactNode; className?: string }) {
  return <a href={to} className={className} onClick={(e) => { e.preventDefault(); navigate(to); }}>{children}</a>;
}

export function AccountBar() {
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
