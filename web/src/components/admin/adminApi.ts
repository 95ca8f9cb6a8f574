// The admin API (docs/operations.md §6.2) with the operator's credential: the admin key, or the
// token of an account with the admin role (signed in here with e-mail and password). Either is
// kept in this tab's sessionStorage only.
import { HuddleError } from '../../errors';
import { http, type HttpOptions } from '../../http';
import { webhooksApi } from '../webhooks/webhooksApi';

export interface AdminSession {
  id: string; code: string; kind: string; title: string;
  participantsPresent: number; participantsTotal: number; version: number; createdAt: number; lastActivityAt: number;
}

export interface AdminSessions { total: number; offset: number; limit: number; sessions: AdminSession[] }

export interface AdminStats {
  time: number; node: string; sessionsByKind: Record<string, number>; sessions: number;
  participantsPresent: number; connections: number; messagesIn: number; messagesOut: number; commits: number;
}

/** An account as GET /api/admin/users lists it. */
export interface AdminAccount { id: string; email: string; name: string; roles: string[]; createdAt: string }

/** A coaching e-mail as GET /api/admin/mail lists it (docs/coaching.md "E-mail"). */
export interface AdminMail {
  id: number; kind: string; sessionId: string; recipientId: string; recipientEmail: string | null; status: string;
  attempts: number; createdAt: string; nextAttemptAt: string; sentAt: string | null; lastError: string | null;
}

export type AdminCredential = { kind: 'key'; key: string } | { kind: 'account'; email: string; token: string };

const storageName = 'huddle.admin';

export const adminCredential = {
  get(): AdminCredential | null {
    try {
      const saved = JSON.parse(sessionStorage.getItem(storageName) ?? 'null') as AdminCredential | null;
      return saved?.kind === 'key' || saved?.kind === 'account' ? saved : null;
    } catch {
      return null;
    }
  },
  set: (credential: AdminCredential) => sessionStorage.setItem(storageName, JSON.stringify(credential)),
  clear: () => sessionStorage.removeItem(storageName),
};

const authorization = (c: AdminCredential): Record<string, string> =>
  c.kind === 'key' ? { 'X-Admin-Key': c.key } : { Authorization: `Bearer ${c.token}` };

const get = <T,>(path: string, c: AdminCredential) => http<T>(path, { headers: authorization(c) });

export const adminApi = {
  /** An account's token (coaching login); whether it may see the admin API is the server's answer to the next call. */
  login: (email: string, password: string) =>
    http<{ accessToken: string; account: { email: string } }>('/api/auth/login', { method: 'POST', json: { email, password } }),
  sessions: (c: AdminCredential) => get<AdminSessions>('/api/admin/sessions?limit=200', c),
  stats: (c: AdminCredential) => get<AdminStats>('/api/admin/stats', c),
  people: (q: string, c: AdminCredential) => get<AdminAccount[]>(`/api/admin/users?q=${encodeURIComponent(q)}&limit=50`, c),
  grantRole: (id: string, role: string, c: AdminCredential) =>
    http<AdminAccount>(`/api/admin/users/${id}/roles`, { method: 'POST', headers: authorization(c), json: { role } }),
  removeRole: (id: string, role: string, c: AdminCredential) =>
    http<AdminAccount>(`/api/admin/users/${id}/roles/${encodeURIComponent(role)}`, { method: 'DELETE', headers: authorization(c) }),
  mail: (status: string, c: AdminCredential) =>
    get<AdminMail[]>(`/api/admin/mail?limit=100${status ? `&status=${encodeURIComponent(status)}` : ''}`, c),
  retryMail: (id: number, c: AdminCredential) =>
    http<void>(`/api/admin/mail/${id}/retry`, { method: 'POST', headers: authorization(c) }),
  /** Every coach's webhooks and the admins' own (docs/coaching.md "Webhooks"). */
  webhooks: (c: AdminCredential) =>
    webhooksApi('/api/admin/webhooks', <T,>(path: string, options: HttpOptions = {}) =>
      http<T>(path, { ...options, headers: { ...options.headers, ...authorization(c) } })),
};

/** A failure as the admin page shows it: the server's message and its code. */
/** A failed admin call as a sentence for the page (errors.ts has one per code), never the raw code. */
export const describeError = (e: unknown) => (e instanceof HuddleError ? e.message : String(e));
