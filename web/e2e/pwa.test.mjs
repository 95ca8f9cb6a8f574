// The installable app (issue 18): the manifest, and a service worker that caches the app shell only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newUser, eventually } from './harness.mjs';

let env;
before(async () => { env = await startAll(); });
after(async () => { await env?.stop(); });

test('the manifest makes the app installable: name, standalone, start_url, 192/512 and maskable icons', async () => {
  const page = await newUser(env);
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const response = await page.request.get(href);
  assert.equal(response.status(), 200);
  const manifest = await response.json();
  assert.equal(manifest.name, 'Huddle');
  assert.equal(manifest.short_name, 'Huddle');
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, '/');
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/i);
  assert.match(manifest.background_color, /^#[0-9a-f]{6}$/i);
  for (const [sizes, purpose] of [['192x192', 'any'], ['512x512', 'any'], ['512x512', 'maskable']]) {
    const icon = manifest.icons.find((i) => i.sizes === sizes && i.purpose === purpose);
    assert.ok(icon, `an icon ${sizes} (${purpose})`);
    const png = await page.request.get(icon.src);
    assert.equal(png.status(), 200);
    assert.equal(png.headers()['content-type'], 'image/png');
  }
});

test('a new build reaches the browser: hashed assets are cached for a year, compressed; the shell is revalidated', async () => {
  const page = await newUser(env);
  const shell = await page.request.get('/');
  assert.equal(shell.headers()['cache-control'], 'no-cache');
  assert.equal((await page.request.get('/sw.js')).headers()['cache-control'], 'no-cache');
  const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(await shell.text())[1];
  const asset = await page.request.get(script, { headers: { 'Accept-Encoding': 'br, gzip' } });
  assert.equal(asset.headers()['cache-control'], 'public, max-age=31536000, immutable');
  assert.match(asset.headers()['content-encoding'] ?? '', /^(br|gzip)$/);
  // API answers keep their own policy and are never compressed (they carry per-caller secrets).
  const api = await page.request.get('/api/sessions/ZZZZZZ', { headers: { 'Accept-Encoding': 'br, gzip' } });
  assert.match(api.headers()['cache-control'], /no-store/);
  assert.equal(api.headers()['content-encoding'], undefined);
});

test('after one load the shell opens offline, while /api is never answered from a cache', async () => {
  const page = await newUser(env);
  await page.goto('/');
  await page.getByRole('heading', { name: 'Join a session' }).waitFor();
  // The worker takes over the page once it has installed the precache (skipWaiting + clientsClaim).
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await eventually(async () => assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null)));
  // Once online, the API answers (so an /api cache, if there were one, would now hold this).
  assert.equal(await page.evaluate(async () => (await fetch('/api/sessions/ZZZZZZ')).status), 404);

  // Offline for the page and for its worker (the worker's own fetch of the navigation must fail too).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.context().setOffline(true);

  // A route this browser never opened: only the cached shell can answer it.
  await page.goto('/s/ABCDEF');
  // The app rendered: its script and styles came from the precache too.
  await page.locator('#root > *').first().waitFor();
  assert.equal(await page.title(), 'Huddle');
  await page.reload();
  await page.locator('#root > *').first().waitFor();

  const api = await page.evaluate(async () => {
    try { return `answered ${(await fetch('/api/sessions/ZZZZZZ')).status}`; } catch { return 'failed'; }
  });
  assert.equal(api, 'failed', '/api must go to the network (offline: fail), never to a cache');
  const cached = await page.evaluate(async () => {
    const urls = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
    return urls;
  });
  assert.ok(cached.includes('/index.html'), `the shell is precached: ${cached}`);
  assert.deepEqual(cached.filter((p) => /^\/(api|hubs|metrics|readyz|healthz)(\/|$)/.test(p)), []);
  await cdp.detach();
});
