// Playlists and the Subsonic source's state (docs/music.md): REST calls that carry the host's
// participant token, which the browser already keeps per session code.
import { HuddleError } from './errors';
import { storage } from './storage';

export interface PlaylistSummary { id: string; name: string; createdAt: number; songCount: number; m3u8Url: string }
export interface QueueReport { added: number; refused: { catalogId: string; title: string; code: string; message: string }[] }
export interface ImportedPlaylist { playlist: PlaylistSummary; unmatched: { line: number; text: string }[] }
export interface SubsonicStatus { state: 'off' | 'connecting' | 'ok' | 'failed'; code: string | null; message: string | null; songs: number; syncedAt: number | null }

async function call<T>(path: string, code: string | null, init: RequestInit = {}): Promise<T> {
  const token = code ? storage.token(code) : null;
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...(token ? { 'X-Participant-Token': token } : {}), ...init.headers } });
  } catch (e) {
    throw new HuddleError('network_error', String(e));
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new HuddleError(problem.code ?? 'internal_error', problem.detail ?? response.statusText);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

const enc = encodeURIComponent;

export const playlists = {
  list: () => call<PlaylistSummary[]>('/api/playlists', null),
  save: (code: string, name: string, from: 'queue' | 'history') =>
    call<PlaylistSummary>(`/api/sessions/${enc(code)}/playlists`, code, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, from }),
    }),
  addToQueue: (code: string, id: string) => call<QueueReport>(`/api/sessions/${enc(code)}/playlists/${enc(id)}/queue`, code, { method: 'POST' }),
  import: (code: string, name: string, file: Blob) =>
    call<ImportedPlaylist>(`/api/playlists?session=${enc(code)}&name=${enc(name)}`, code, {
      method: 'POST', headers: { 'Content-Type': 'audio/x-mpegurl' }, body: file,
    }),
  remove: (code: string, id: string) => call<void>(`/api/playlists/${enc(id)}?session=${enc(code)}`, code, { method: 'DELETE' }),
  subsonic: () => call<SubsonicStatus>('/api/songs/subsonic', null),
};
