// The admin API (docs/operations.md §6.2), with the key the operator typed (kept in sessionStorage only).
import { HuddleError } from '../../errors';

export interface AdminSession {
  id: string; code: string; kind: string; title: string;
  participantsPresent: number; participantsTotal: number; version: number; createdAt: number; lastActivityAt: number;
}

export interface AdminSessions { total: number; offset: number; limit: number; sessions: AdminSession[] }

export interface AdminStats {
  time: number; node: string; sessionsByKind: Record<string, number>; sessions: number;
  participantsPresent: number; connections: number; messagesIn: number; messagesOut: number; commits: number;
}

const keyName = 'huddle.adminKey';

export const adminKey = {
  get: () => sessionStorage.getItem(keyName),
  set: (key: string) => sessionStorage.setItem(keyName, key),
  clear: () => sessionStorage.removeItem(keyName),
};

async function get<T>(path: string, key: string): Promise<T> {
  const response = await fetch(path, { headers: { Accept: 'application/json', 'X-Admin-Key': key } });
  if (!response.ok) {
    let code = 'internal_error';
    let detail = response.statusText;
    try {
      const problem = await response.json();
      code = problem.code ?? code;
      detail = problem.detail ?? detail;
    } catch { /* not JSON */ }
    throw new HuddleError(code, detail);
  }
  return (await response.json()) as T;
}

export const adminApi = {
  sessions: (key: string) => get<AdminSessions>('/api/admin/sessions?limit=200', key),
  stats: (key: string) => get<AdminStats>('/api/admin/stats', key),
};
