import { useEffect, useId, useState, type FormEvent } from 'react';
import { WebhooksSection } from '../components/webhooks/WebhooksSection';
import { webhooksApi } from '../components/webhooks/webhooksApi';
import { toHuddleError } from '../errors';
import { navigate } from '../router';
import { useToast } from '../toasts';
import { auth, call, coachingApi, passwordRule } from './api';
import { Link, useAuth } from './shared';

const coachWebhooks = webhooksApi('/api/coaches/me/webhooks', call);

/**
 * The signed-in account's security: change the password (this device gets a new token, every other
 * device is signed out) and sign out everywhere (this device too).
 */
export function AccountScreen() {
  const me = useAuth();
  const toast = useToast();
  const ids = { current: useId(), next: useId(), hint: useId() };
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!me) navigate('/coaching/login?next=/coaching/account');
  }, [me]);
  if (!me) return null;
  const change = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      auth.set(await coachingApi.changePassword(current, next));
      setCurrent('');
      setNext('');
      toast('Password changed. Your other devices are signed out.');
    } catch (err) {
      setError(toHuddleError(err).message);
    } finally {
      setBusy(false);
    }
  };
  const signOutEverywhere = async () => {
    setBusy(true);
    try {
      await coachingApi.logoutAll();
      auth.set(null);
      navigate('/coaching/login');
    } catch (err) {
      toast(toHuddleError(err).message, 'error');
      setBusy(false);
    }
  };
  return (
    <>
      <p><Link to="/coaching">← Coaching</Link></p>
      <h1>Password and devices</h1>
      <div className="home-grid">
        <form className="card" onSubmit={change} aria-labelledby="change-password-heading">
          <h2 id="change-password-heading">Change password</h2>
          <div className="field"><label htmlFor={ids.current}>Current password</label>
            <input id={ids.current} type="password" value={current} onChange={(e) => setCurrent(e.target.value)} required autoComplete="current-password" /></div>
          <div className="field"><label htmlFor={ids.next}>New password</label>
            <input id={ids.next} type="password" value={next} onChange={(e) => setNext(e.target.value)} required minLength={10} maxLength={128}
              autoComplete="new-password" aria-describedby={ids.hint} />
            <span id={ids.hint} className="muted small">{passwordRule}</span></div>
          {error && <p className="form-error" role="alert">{error}</p>}
          <button type="submit" className="button primary" disabled={busy}>Change password</button>
        </form>
        <section className="card" aria-labelledby="devices-heading">
          <h2 id="devices-heading">Signed-in devices</h2>
          <p>Lost a phone, or signed in on a shared computer? Sign out on every device at once, this one included.</p>
          <button type="button" className="button" disabled={busy} onClick={signOutEverywhere}>Sign out everywhere</button>
        </section>
        {me.account.roles.includes('coach') && <WebhooksSection api={coachWebhooks} scope="coach" />}
      </div>
    </>
  );
}
