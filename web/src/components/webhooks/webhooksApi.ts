// Webhooks over REST (docs/coaching.md "Webhooks"): the same routes under a coach's own prefix and the admin's.
import type { HttpOptions } from '../../http';

export const webhookEvents = ['booked', 'rescheduled', 'cancelled', 'completed'];

export interface Webhook { id: string; ownerId: string | null; url: string; events: string[]; createdAt: string }

export interface WebhookDelivery {
  id: number; eventId: string; event: string; sessionId: string; status: 'pending' | 'sending' | 'delivered' | 'failed'; attempts: number;
  createdAt: string; nextAttemptAt: string; lastAttemptAt: string | null; lastStatusCode: number | null; lastError: string | null;
  responseExcerpt: string | null; deliveredAt: string | null;
}

export interface WebhooksApi {
  list(): Promise<Webhook[]>;
  /** The secret comes back once, here. */
  create(url: string, events: string[]): Promise<{ webhook: Webhook; secret: string }>;
  remove(id: string): Promise<void>;
  deliveries(id: string): Promise<WebhookDelivery[]>;
  replay(id: string, deliveryId: number): Promise<void>;
}

type Call = <T>(path: string, options?: HttpOptions) => Promise<T>;

/** The routes under `base` (`/api/coaches/me/webhooks` or `/api/admin/webhooks`), called with the screen's own credentials. */
export const webhooksApi = (base: string, call: Call): WebhooksApi => ({
  list: () => call<Webhook[]>(base),
  create: (url, events) => call<{ webhook: Webhook; secret: string }>(base, { method: 'POST', json: { url, events } }),
  remove: (id) => call<void>(`${base}/${id}`, { method: 'DELETE' }),
  deliveries: (id) => call<WebhookDelivery[]>(`${base}/${id}/deliveries?limit=50`),
  replay: (id, deliveryId) => call<void>(`${base}/${id}/deliveries/${deliveryId}/replay`, { method: 'POST' }),
});
