import { http, type HttpOptions } from './http';
import type { SongPage } from './types';

/** GET /api/sessions/{code}/spotify: account, device and problem are null for everyone but the host. */
export interface SpotifyStatus {
  configured: boolean; linked: boolean; account: string | null; product: string | null; device: string | null;
  problem: { code: string; message: string; retryAt: number | null } | null;
}

/** The Spotify routes of a session; each sends the participant's token (docs/music.md). */
const call = <T,>(code: string, path: string, token: string, method: HttpOptions['method'] = 'GET') =>
  http<T>(`/api/sessions/${encodeURIComponent(code)}/spotify${path}`, { method, headers: { 'X-Participant-Token': token } });

export const spotify = {
  status: (code: string, token: string) => call<SpotifyStatus>(code, '', token),
  link: (code: string, token: string) => call<{ authorizeUrl: string }>(code, '/link', token, 'POST'),
  unlink: (code: string, token: string) => call<void>(code, '/link', token, 'DELETE'),
  search: (code: string, token: string, q: string) =>
    call<SongPage>(code, `/search?q=${encodeURIComponent(q)}&limit=20`, token),
};

/** What the callback's `?spotify=` on the session page means, for a toast. */
export const linkOutcome: Record<string, string> = {
  linked: 'Spotify is linked: songs you queue from Spotify play on your Spotify device.',
  denied: 'Spotify was not linked: access was not granted.',
  failed: 'Spotify could not be linked. Try again.',
};
