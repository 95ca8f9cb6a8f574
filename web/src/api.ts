import { HuddleError } from './errors';
import type { CatalogList, CreateSessionRequest, CreatedSession, Genre, MoviePage, MusicLibrary, Provider, SessionSummary, Song, SongPage } from './types';

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}), ...init?.headers } });
  } catch (e) {
    throw new HuddleError('network_error', String(e));
  }
  if (!response.ok) {
    let code = response.status === 404 ? 'session_not_found' : response.status === 429 ? 'rate_limited' : 'internal_error';
    let detail = response.statusText;
    try {
      const problem = await response.json();
      code = problem.code ?? code;
      detail = problem.detail ?? problem.title ?? detail;
    } catch { /* not JSON */ }
    throw new HuddleError(code, detail);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const api = {
  createSession: (body: CreateSessionRequest) =>
    request<CreatedSession>('/api/sessions', { method: 'POST', body: JSON.stringify(body) }),
  getSession: (code: string) => request<SessionSummary>(`/api/sessions/${encodeURIComponent(code)}`),
  qrUrl: (code: string) => `/api/sessions/${encodeURIComponent(code)}/qr?format=svg`,
  searchSongs: (q: { q?: string; genre?: string; artist?: string; limit?: number }) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
    return request<SongPage>(`/api/songs?${params}`);
  },
  getSong: (id: string) => request<Song>(`/api/songs/${encodeURIComponent(id)}`),
  genres: () => request<string[]>('/api/songs/genres'),
  audioUrl: (id: string) => `/api/songs/${encodeURIComponent(id)}/audio`,
  musicLibrary: () => request<MusicLibrary>('/api/songs/library'),
  movieGenres: () => request<CatalogList<Genre>>('/api/movies/genres'),
  movieProviders: (region: string) => request<CatalogList<Provider>>(`/api/movies/providers?region=${encodeURIComponent(region)}`),
  searchMovies: (q: string) => request<MoviePage>(`/api/movies?q=${encodeURIComponent(q)}&pageSize=10`),
};
