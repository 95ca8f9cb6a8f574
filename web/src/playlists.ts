// Playlists and the Subsonic source's state (docs/music.md): REST calls that carry the host's
// participant token, which the browser already keeps per session code.
import { http, type HttpOptions } from './http';
import { storage } from './storage';

export interface PlaylistSummary { id: string; name: string; createdAt: number; songCount: number; m3u8Url: string }
export interface QueueReport { added: number; refused: { catalogId: string; title: string; code: string; message: string }[] }
export interface ImportedPlaylist { playlist: PlaylistSummary; unmatched: { line: number; text: string }[] }
export interface SubsonicStatus { state: 'off' | 'connecting' | 'ok' | 'failed'; code: string | null; message: string | null; songs: number; syncedAt: number | null }

/** With a session code, the call carries that session's participant token (when the browser has one). */
function call<T>(path: string, code: string | null, options: HttpOptions = {}): Promise<T> {
  const token = code ? storage.token(code) : null;
  return http<T>(path, { ...options, headers: { ...(token ? { 'X-Participant-Token': token } : {}), ...options.headers } });
}

const enc = encodeURIComponent;

export const playlists = {
  list: () => call<PlaylistSummary[]>('/api/playlists', null),
  save: (code: string, name: string, from: 'queue' | 'history') =>
    call<PlaylistSummary>(`/api/sessions/${enc(code)}/playlists`, code, { method: 'POST', json: { name, from } }),
  addToQueue: (code: string, id: string) => call<QueueReport>(`/api/sessions/${enc(code)}/playlists/${enc(id)}/queue`, code, { method: 'POST' }),
  import: (code: string, name: string, file: Blob) =>
    call<ImportedPlaylist>(`/api/playlists?session=${enc(code)}&name=${enc(name)}`, code, {
      method: 'POST', headers: { 'Content-Type': 'audio/x-mpegurl' }, body: file,
    }),
  remove: (code: string, id: string) => call<void>(`/api/playlists/${enc(id)}?session=${enc(code)}`, code, { method: 'DELETE' }),
  subsonic: () => call<SubsonicStatus>('/api/songs/subsonic', null),
};
