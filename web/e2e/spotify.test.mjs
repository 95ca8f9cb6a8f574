import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { startAll, newUser, createSession, joinByCode, eventually, nowPlayingTitle, queueTitles } from './harness.mjs';

/**
 * A small Spotify for the browser test (the server tests have the thorough one,
 * tests/Huddle.Server.Tests/Music/SpotifyStandIn.cs): consent at once, PKCE checked at /api/token,
 * one premium account with one active device, one track, and the player calls recorded.
 */
const TRACK = { id: '3n3Ppam7vgaVa1iaRUc9Lp', name: 'Mr. Brightside', artist: 'The Killers', album: 'Hot Fuss', durationMs: 222973 };
const playerCalls = [];
const codes = new Map();
const tokens = new Set();
const spotify = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://stand-in');
  let body = '';
  for await (const chunk of req) body += chunk;
  const json = (status, value) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(value)); };
  if (url.pathname === '/authorize') {
    const code = randomUUID();
    codes.set(code, url.searchParams.get('code_challenge'));
    res.writeHead(302, { Location: `${url.searchParams.get('redirect_uri')}?code=${code}&state=${encodeURIComponent(url.searchParams.get('state'))}` });
    return res.end();
  }
  if (url.pathname === '/api/token') {
    const form = new URLSearchParams(body);
    const challenge = codes.get(form.get('code'));
    codes.delete(form.get('code'));
    if (!challenge || createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') !== challenge) {
      return json(400, { error: 'invalid_grant', error_description: 'code_verifier was incorrect' });
    }
    const access = randomUUID();
    tokens.add(access);
    return json(200, { access_token: access, token_type: 'Bearer', expires_in: 3600, refresh_token: randomUUID(), scope: '' });
  }
  if (!tokens.has((req.headers.authorization ?? '').replace('Bearer ', ''))) return json(401, { error: { status: 401, message: 'Invalid access token' } });
  if (url.pathname === '/v1/me') return json(200, { id: 'dj', display_name: 'DJ Stand-in', product: 'premium' });
  if (url.pathname === '/v1/me/player/devices') return json(200, { devices: [{ id: 'dev1', is_active: true, is_restricted: false, name: 'Living room speaker', type: 'Speaker' }] });
  if (url.pathname === '/v1/search') {
    const hit = TRACK.name.toLowerCase().includes(url.searchParams.get('q').toLowerCase());
    return json(200, { tracks: { items: hit ? [{ id: TRACK.id, name: TRACK.name, duration_ms: TRACK.durationMs, artists: [{ name: TRACK.artist }],
      album: { name: TRACK.album, release_date: '2004-06-07', images: [] } }] : [], total: hit ? 1 : 0 } });
  }
  if (url.pathname.startsWith('/v1/me/player/') && req.method === 'PUT') {
    playerCalls.push({ action: url.pathname.split('/').pop(), body: body ? JSON.parse(body) : null });
    res.writeHead(204);
    return res.end();
  }
  return json(404, { error: { status: 404, message: 'Service not found' } });
});

let env;
before(async () => {
  await new Promise((r) => spotify.listen(0, '127.0.0.1', r));
  const standIn = `http://127.0.0.1:${spotify.address().port}`;
  env = await startAll({
    serverEnv: { Huddle__Spotify__ClientId: 'e2eclientid', Huddle__Spotify__AccountsBaseUrl: standIn, Huddle__Spotify__ApiBaseUrl: standIn },
  });
});
after(async () => {
  await env?.stop();
  await new Promise((r) => spotify.close(r));
});

test('the host links Spotify, a guest queues a Spotify track, and it plays on the host\'s device', async () => {
  const host = await newUser(env);
  const guest = await newUser(env);
  const code = await createSession(host, { name: 'Ann' });
  await joinByCode(guest, code, 'Bob');

  // Link: the browser goes to Spotify's consent page and comes back to the session.
  await host.getByRole('button', { name: 'Link Spotify' }).click();
  await host.waitForURL(new RegExp(`/s/${code}$`));
  await host.getByText('Spotify is linked').waitFor();
  await host.getByTestId('spotify-link').getByText('Linked as DJ Stand-in · playing on Living room speaker').waitFor();

  // The guest searches Spotify from the library panel and adds the track through the normal queue.
  // The guest's page looks for the link every 15 s.
  const search = guest.getByRole('search', { name: 'Search Spotify' });
  await search.waitFor({ timeout: 20_000 });
  await search.getByLabel('Search Spotify').fill('brightside');
  await search.getByRole('button', { name: 'Search' }).click();
  await guest.getByRole('list', { name: 'Spotify results' }).getByRole('button', { name: 'Add Mr. Brightside by The Killers' }).click();
  await eventually(async () => assert.deepEqual(await queueTitles(host), ['Mr. Brightside']));

  await host.getByRole('button', { name: 'Play next' }).click();
  await eventually(async () => assert.equal(await nowPlayingTitle(guest), 'Mr. Brightside'));
  await eventually(async () => assert.deepEqual(playerCalls[0]?.body.uris, [`spotify:track:${TRACK.id}`]));
  assert.equal(playerCalls[0].action, 'play');
  assert.ok(playerCalls[0].body.position_ms < 2000, 'from the start of the song'); // the server's clock ran a few ms
  assert.equal(await guest.getByTestId('spotify-link').count(), 0, 'guests see no Spotify account controls');
});
