import { afterEach, describe, expect, it, vi } from 'vitest';
import { HuddleError } from './errors';
import { http, HttpError } from './http';

// The one fetch wrapper: what every REST caller gets back. fetch is replaced per test with a
// function returning real Response objects; the browser tests cover the real server.

const answer = (response: Response | Error) => {
  const fetch = vi.fn(async (_path: string, _init?: RequestInit) => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
};
const problem = (status: number, body: object) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json' } });

afterEach(() => { vi.unstubAllGlobals(); });

describe('http', () => {
  it('turns problem+json into a coded error with the message people read for that code', async () => {
    answer(problem(409, { code: 'queue_full', detail: 'The queue holds 100 songs.' }));
    const error = await http('/api/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ code: 'queue_full', status: 409, detail: 'The queue holds 100 songs.', message: 'The queue is full.' });
  });

  it("shows the server's detail for a code it has no message for", async () => {
    // Every documented code has a message (errors.test.ts); a newer server's code may not yet.
    answer(problem(401, { code: 'brand_new_code', detail: 'Wrong e-mail or password.' }));
    await expect(http('/api/auth/login')).rejects.toMatchObject({ code: 'brand_new_code', message: 'Wrong e-mail or password.' });
  });

  it("codes a failure without a problem body by the caller's rule, else internal_error", async () => {
    answer(new Response('<html>Not found</html>', { status: 404, statusText: 'Not Found' }));
    await expect(http('/api/sessions/NOPE', { codeFor: (s) => (s === 404 ? 'session_not_found' : 'internal_error') }))
      .rejects.toMatchObject({ code: 'session_not_found', status: 404 });
    answer(new Response('', { status: 502, statusText: 'Bad Gateway' }));
    await expect(http('/api/x')).rejects.toMatchObject({ code: 'internal_error', detail: 'Bad Gateway' });
  });

  it('reports an unreachable server as network_error', async () => {
    answer(new TypeError('Failed to fetch'));
    const error = await http('/api/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HuddleError);
    expect(error).toMatchObject({ code: 'network_error', message: 'Cannot reach the Huddle server. Check your connection.' });
  });

  it('sends a JSON body with its content type and the given credentials', async () => {
    const fetch = answer(new Response(JSON.stringify({ ok: true }), { status: 201 }));
    expect(await http('/api/x', { method: 'POST', json: { a: 1 }, headers: { 'X-Admin-Key': 'k' } })).toEqual({ ok: true });
    const [path, init] = fetch.mock.calls[0];
    expect(path).toBe('/api/x');
    expect(init).toMatchObject({ method: 'POST', body: '{"a":1}', headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-Admin-Key': 'k' } });
  });

  it('sends a file as it is, with the content type the caller names', async () => {
    const fetch = answer(new Response(JSON.stringify({ ok: true }), { status: 201 }));
    const file = new Blob(['#EXTM3U\nsong.mp3\n']);
    await http('/api/playlists', { method: 'POST', body: file, headers: { 'Content-Type': 'audio/x-mpegurl' } });
    const [, init] = fetch.mock.calls[0];
    expect(init?.body).toBe(file);
    expect(init?.headers).toEqual({ Accept: 'application/json', 'Content-Type': 'audio/x-mpegurl' });
  });

  it('reads a file as a Blob, text as text, and 204 as nothing', async () => {
    answer(new Response('question_id,text\r\n', { status: 200, headers: { 'Content-Type': 'text/csv' } }));
    expect(await (await http<Blob>('/api/x.csv', { as: 'blob' })).text()).toBe('question_id,text\r\n');
    answer(new Response('BEGIN:VCALENDAR', { status: 200 }));
    expect(await http<string>('/api/x.ics', { as: 'text' })).toBe('BEGIN:VCALENDAR');
    answer(new Response(null, { status: 204 }));
    expect(await http('/api/x', { method: 'DELETE' })).toBeUndefined();
  });
});
