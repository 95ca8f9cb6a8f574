import { http, type HttpOptions } from './http';
import type { FilmList, MovieImages, WatchOptions } from './movie';
import type { CatalogList, CreateSessionRequest, CreatedSession, Genre, MoviePage, MusicLibrary, Provider, SessionSummary, Song, SongPage } from './types';

/** A 404 without a problem body is an unknown session code; a 429 is the rate limiter. */
const codeFor = (status: number) => (status === 404 ? 'session_not_found' : status === 429 ? 'rate_limited' : 'internal_error');

const request = <T,>(path: string, options: HttpOptions = {}) => http<T>(path, { codeFor, ...options });

export const api = {
  createSession: (body: CreateSessionRequest) =>
    request<CreatedSession>('/api/sessions', { method: 'POST', json: body }),
  getSession: (code: string) => request<SessionSummary>(`/api/sessions/${encodeURIComponent(code)}`),
  /** The classroom host's export (403 for anyone else's token). */
  questionsCsv: (code: string, participantToken: string) =>
    request<Blob>(`/api/sessions/${encodeURIComponent(code)}/questions.csv`, { headers: { 'X-Participant-Token': participantToken }, as: 'blob' }),
  /** The classroom host's polls export: every answer (403 for anyone else's token). */
  pollsCsv: (code: string, participantToken: string) =>
    request<Blob>(`/api/sessions/${encodeURIComponent(code)}/polls.csv`, { headers: { 'X-Participant-Token': participantToken }, as: 'blob' }),
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
  films: () => request<FilmList>('/api/films'),
  movieImages: () => request<MovieImages>('/api/movies/images'),
  movieWatch: (movieId: number, region: string) =>
    request<WatchOptions>(`/api/movies/${movieId}/watch?region=${encodeURIComponent(region)}`),
  searchMovies: (q: string) => request<MoviePage>(`/api/movies?q=${encodeURIComponent(q)}&pageSize=10`),
};
