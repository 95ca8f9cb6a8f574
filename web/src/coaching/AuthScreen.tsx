import { useId, useState, type FormEvent } from 'react';
import { toHuddleError } from '../errors';
import { navigate } from '../router';
import { auth, coachingApi, passwordRule } from './api';
import { nameMax, nameProblem, passwordChecks } from './registrationRules';

export function AuthScreen() {
  const ids = { email: useId(), password: useId(), name: useId(), regEmail: useId(), regPassword: useId() };
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [regEmail, setRegEmail] = useState('');
  const [regPassword, setRegPassword] = useState('');
  const [error, setError] = useState<{ form: 'login' | 'register'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const nameIssue = nameProblem(name);
  const done = () => navigate(new URLSearchParams(location.search).get('next') ?? '/coaching');
  const submit = (form: 'login' | 'register') => async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      auth.set(form === 'login' ? await coachingApi.login(email, password) : await coachingApi.register(regEmail, regPassword, name));
      done();
    } catch (err) {
      setError({ form, text: toHuddleError(err).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="home-grid">
      <form className="card" onSubmit={submit('login')} aria-labelledby="login-heading">
        <h1 id="login-heading">Sign in</h1>
        <div className="field"><label htmlFor={ids.email}>Email</label>
          <input id={ids.email} type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="username" /></div>
        <div className="field"><label htmlFor={ids.password}>Password</label>
          <input id={ids.password} type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="current-password" /></div>
        {error?.form === 'login' && <p className="form-error" role="alert">{error.text}</p>}
        <button type="submit" className="button primary" disabled={busy}>Sign in</button>
      </form>
      <form className="card" onSubmit={submit('register')} aria-labelledby="register-heading">
        <h2 id="register-heading">Create an account</h2>
        <div className="field"><label htmlFor={ids.name}>Your name</label>
          <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} required autoComplete="name"
            aria-describedby="name-hint" aria-invalid={name !== '' && nameIssue !== null} />
          <span id="name-hint" className={name !== '' && nameIssue ? 'form-error small' : 'muted small'}>
            {name !== '' && nameIssue ? nameIssue : `Up to ${nameMax} characters; shown to your coach or client.`}</span></div>
        <div className="field"><label htmlFor={ids.regEmail}>Email address</label>
          <input id={ids.regEmail} type="email" value={regEmail} onChange={(e) => setRegEmail(e.target.value)} required autoComplete="email" /></div>
        <div className="field"><label htmlFor={ids.regPassword}>New password</label>
          <input id={ids.regPassword} type="password" value={regPassword} onChange={(e) => setRegPassword(e.target.value)} required minLength={10}
            maxLength={128} autoComplete="new-password" aria-describedby="password-hint" />
          <span id="password-hint" className="muted small">{passwordRule}</span>
          <ul className="rule-list small" aria-label="Password rules">
            {passwordChecks(regPassword, regEmail).map((c) => (
              <li key={c.rule} className={c.ok ? 'rule-ok' : 'rule-open'}>
                <span aria-hidden="true">{c.ok ? '✓' : '•'}</span> {c.rule}<span className="sr-only">{c.ok ? ': met' : ': not met yet'}</span>
              </li>
            ))}
            <li className="rule-open"><span aria-hidden="true">•</span> not a common password (checked when you create the account)</li>
          </ul></div>
        {error?.form === 'register' && <p className="form-error" role="alert">{error.text}</p>}
        <button type="submit" className="button primary" disabled={busy}>Create account</button>
      </form>
    </div>
  );
}
