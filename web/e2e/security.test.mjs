// Hostile text is data: HTML/script in names, titles, relayed events and classroom questions is
// stored as text and shown literally, never run; and the server's security headers are in place for the app.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newUser, createSession, joinByCode, eventually, createQa, ask } from './harness.mjs';

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

test('HTML and script in a classroom question are shown as text to the student, the moderators and the projector', async () => {
  const question = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>bold?</b>';
  const teacher = await newUser(env);
  const code = await createQa(teacher, { name: 'Dr Safe', moderation: true });
  const projector = await teacher.context().newPage();
  await projector.goto(`/present/${code}`);
  const student = await newUser(env);
  await joinByCode(student, code, 'Stu');

  await ask(student, question);
  // Pending: the author's own list and the host's moderation queue.
  await student.getByRole('list', { name: 'My questions' }).getByText(question, { exact: true }).waitFor();
  await teacher.getByRole('list', { name: 'Moderation queue' }).getByText(question, { exact: true }).waitFor();
  await teacher.getByRole('button', { name: /^Approve: / }).click();
  await teacher.getByRole('button', { name: /^Pin: / }).click();

  // Open and pinned: everyone's ranked list and the presenter view.
  for (const page of [student, teacher]) await page.getByRole('list', { name: 'Open questions' }).getByText(question, { exact: true }).waitFor();
  const stage = projector.getByRole('region', { name: 'Current question' });
  await stage.getByText(question, { exact: true }).waitFor();
  assert.match(await stage.textContent(), /Now answering/);

  for (const page of [student, teacher, projector]) {
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await page.locator('img[src="x"], main script, .q-text b, .presenter-question b').count(), 0);
  }
  const summary = await (await fetch(`${env.base}/api/sessions/${code}`)).json();
  assert.equal(summary.questions[0].text, question);
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
