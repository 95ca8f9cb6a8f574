// Hostile text is data: HTML/script in names, titles and relayed events is stored as text and
// shown literally, never run; and the server's security headers are in place for the app.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newUser, createSession, joinByCode, eventually } from './harness.mjs';

let env;
before(async () => { env = await startAll(); });
after(async () => { await env?.stop(); });

const title = '<img src=x onerror="window.__xss=1">';
const name = '<svg onload=__xss=1>'; // 20 characters, the name limit

test('HTML and script in names, titles and relay data are rendered inert', async () => {
  const ann = await newUser(env);
  const bob = await newUser(env);
  const code = await createSession(ann, { name, kind: 'room', title });
  await joinByCode(bob, code, 'Bob');

  // Bob sees Ann's name and the title as text.
  await bob.getByText(title, { exact: false }).first().waitFor();
  await bob.getByText(name, { exact: false }).first().waitFor();

  const send = bob.getByRole('form', { name: 'Send an event' });
  await send.getByLabel('Event name').fill('note');
  await send.getByLabel(/Data/).fill(JSON.stringify({ html: '<img src=x onerror=window.__xss=1>' }));
  await send.getByRole('button', { name: 'Send event' }).click();
  const log = ann.getByRole('list', { name: 'Event log' });
  await eventually(async () => assert.match(await log.textContent(), /<img src=x onerror=window.__xss=1>/));

  for (const page of [ann, bob]) {
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await page.locator('img[src="x"], svg[onload]').count(), 0);
  }

  // The summary API returns the same text, unchanged.
  const summary = await (await fetch(`${env.base}/api/sessions/${code}`)).json();
  assert.equal(summary.title, title);
  assert.equal(summary.hostName, name);
});

test('the app is served with a strict CSP and frame protection', async () => {
  const response = await fetch(`${env.base}/`);
  const csp = response.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(response.headers.get('x-frame-options'), 'DENY');
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
});
