// The "Webhooks" section, one component for a coach's account (their own hooks, /api/coaches/me/webhooks)
// and the admin page (every hook, /api/admin/webhooks): register a URL for booking events (the secret is
// shown once), see each hook's delivery log and replay a delivery by hand (docs/coaching.md "Webhooks").
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { toHuddleError } from '../../errors';
import { dayAndTime } from '../../time';
import { webhookEvents, type Webhook, type WebhookDelivery, type WebhooksApi } from './webhooksApi';
import './webhooks.css';

const describe = (e: unknown) => toHuddleError(e).message;

export function WebhooksSection({ api, scope }: { api: WebhooksApi; scope: 'coach' | 'admin' }) {
  const ids = { url: useId(), title: useId(), hint: useId() };
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([...webhookEvents]);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setHooks(await api.list());
      setError(null);
    } catch (err) {
      setError(describe(err));
    }
  }, [api]);

  useEffect(() => void load(), [load]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.create(url.trim(), events);
      setSecret({ url: created.webhook.url, secret: created.secret });
      setUrl('');
      await load();
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (hook: Webhook) => {
    setBusy(true);
    try {
      await api.remove(hook.id);
      if (open === hook.id) setOpen(null);
      await load();
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (event: string) =>
    setEvents((now) => (now.includes(event) ? now.filter((e) => e !== event) : webhookEvents.filter((e) => e === event || now.includes(e))));

  return (
    <section className="card webhooks" aria-labelledby={ids.title}>
      <h2 id={ids.title}>Webhooks</h2>
      <p className="muted small" id={ids.hint}>
        {scope === 'coach' ? 'Your server hears of your sessions' : 'A URL here hears of every coach\'s sessions'}: a signed JSON
        {' '}<code>POST</code> per event. Check <code>X-Huddle-Signature</code> (HMAC-SHA256 of the timestamp, a dot and the body, under the secret).
      </p>
      <form onSubmit={add} className="webhook-form">
        <div className="field"><label htmlFor={ids.url}>Endpoint URL</label>
          <input id={ids.url} type="url" inputMode="url" value={url} onChange={(e) => setUrl(e.target.value)} required maxLength={2000}
            placeholder="https://example.org/huddle" aria-describedby={ids.hint} /></div>
        <fieldset className="webhook-events">
          <legend>Events</legend>
          {webhookEvents.map((event) => (
            <label key={event}><input type="checkbox" checked={events.includes(event)} onChange={() => toggle(event)} /> {event}</label>
          ))}
        </fieldset>
        <button type="submit" className="button primary" disabled={busy || events.length === 0}>Add webhook</button>
      </form>
      {secret && (
        <div className="webhook-secret" role="status">
          <p>Signing secret for <span className="webhook-url">{secret.url}</span>. Copy it now: it is not shown again.</p>
          <code aria-label="Signing secret">{secret.secret}</code>
          <button type="button" className="button small" onClick={() => setSecret(null)}>Done</button>
        </div>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      {hooks?.length === 0 && <p>No webhooks yet.</p>}
      {hooks && hooks.length > 0 && (
        <ul className="webhook-list" aria-label="Webhooks">
          {hooks.map((hook) => (
            <li key={hook.id}>
              <span className="webhook-url">{hook.url}</span>
              <span className="muted small">{hook.events.join(', ')}{scope === 'admin' ? ` · ${hook.ownerId ? `coach ${hook.ownerId}` : 'all coaches'}` : ''}</span>
              <div className="row">
                <button type="button" className="button small" aria-expanded={open === hook.id} aria-label={`Deliveries of ${hook.url}`}
                  onClick={() => setOpen(open === hook.id ? null : hook.id)}>Deliveries</button>
                <button type="button" className="button small" disabled={busy} aria-label={`Delete webhook ${hook.url}`}
                  onClick={() => void remove(hook)}>Delete</button>
              </div>
              {open === hook.id && <Deliveries api={api} hook={hook} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Deliveries({ api, hook }: { api: WebhooksApi; hook: Webhook }) {
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setDeliveries(await api.deliveries(hook.id));
      setError(null);
    } catch (err) {
      setError(describe(err));
    }
  }, [api, hook.id]);

  useEffect(() => void load(), [load]);

  const replay = async (d: WebhookDelivery) => {
    try {
      await api.replay(hook.id, d.id);
      setStatus(`The ${d.event} event is queued to be sent again.`);
      await load();
    } catch (err) {
      setError(describe(err));
    }
  };

  return (
    <div className="webhook-deliveries">
      <div className="row"><button type="button" className="button small" onClick={() => void load()}>Refresh</button></div>
      <p role="status" className="muted small">{status}</p>
      {error && <p role="alert" className="error">{error}</p>}
      {deliveries?.length === 0 && <p className="small">Nothing sent yet.</p>}
      {deliveries && deliveries.length > 0 && (
        <ul aria-label={`Deliveries of ${hook.url}`}>
          {deliveries.map((d) => (
            <li key={d.id}>
              <strong>{d.event}</strong> · {d.status}
              {d.lastStatusCode != null && ` · HTTP ${d.lastStatusCode}`} · {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
              {d.lastAttemptAt && ` · ${dayAndTime(Date.parse(d.lastAttemptAt))}`}
              {d.lastError && <span className="small webhook-error">{d.lastError}</span>}
              {(d.status === 'delivered' || d.status === 'failed') && (
                <button type="button" className="button small" aria-label={`Replay ${d.event} delivery ${d.id}`} onClick={() => void replay(d)}>Replay</button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
