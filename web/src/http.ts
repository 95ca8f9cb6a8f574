import { HuddleError } from './errors';

// The web app's one fetch wrapper: every REST call (sessions and catalog, coaching, admin, playlists,
// Spotify, the CSV and .ics downloads) goes through `http`, so a failure is always a HuddleError
// carrying the server's problem+json `code` (docs/protocol.md), and its message comes from errors.ts.

/** A failure the server answered: the coded error, and the status (a 401 says a token is gone). */
export class HttpError extends HuddleError {
  /** The problem's other members (e.g. a series' `clashes`), as the server sent them. */
  constructor(code: string, detail: string, readonly status: number, readonly extensions: Record<string, unknown> = {}) {
    super(code, detail);
  }
}

export interface HttpOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The request body, sent as JSON. */
  json?: unknown;
  /** A body sent as it is (an uploaded file), its Content-Type in `headers`; ignored with `json`. */
  body?: Blob;
  /** Credentials and the like: Authorization, X-Admin-Key, X-Participant-Token, Idempotency-Key. */
  headers?: Record<string, string>;
  /** How the answer is read: JSON (the default; 204 is undefined), a Blob (a file to save) or text. */
  as?: 'json' | 'blob' | 'text';
  /** The code of a failure whose body is not problem+json, by status (default internal_error). */
  codeFor?: (status: number) => string;
}

export async function http<T>(path: string, options: HttpOptions = {}): Promise<T> {
  const { method, json, body, headers, as = 'json', codeFor } = options;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      body: json === undefined ? body : JSON.stringify(json),
      headers: {
        ...(as === 'json' ? { Accept: 'application/json' } : {}),
        ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
    });
  } catch (e) {
    throw new HuddleError('network_error', String(e));
  }
  if (!response.ok) throw await problem(response, codeFor?.(response.status) ?? 'internal_error');
  if (as === 'blob') return (await response.blob()) as T;
  if (as === 'text') return (await response.text()) as T;
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The failure as the server coded it (RFC 9457 with a `code` extension), or `fallback`. */
async function problem(response: Response, fallback: string): Promise<HttpError> {
  try {
    const body = (await response.json()) as { code?: string; detail?: string; title?: string } | null;
    return new HttpError(body?.code ?? fallback, body?.detail ?? body?.title ?? response.statusText, response.status,
      body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {});
  } catch {
    return new HttpError(fallback, response.statusText, response.status); // not JSON (a proxy's page, an empty body)
  }
}
