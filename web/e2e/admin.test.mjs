// The operator's page: the admin key unlocks a live view of the sessions on the server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newUser, createSession, joinByCode, checkA11y, shot, eventually } from './harness.mjs';

const key = 'e2e-admin-key-0123456789abcdef';
let env;
before(async () => { env = await startAll({ serverEnv: { Admin__Key: key } }); });
after(async () => { await env?.stop(); });

test('the admin page asks for the key, then shows live sessions and charts', async () => {
  const ann = await newUser(env);
  const bob = await newUser(env);
  const code = await createSession(ann, { name: 'Ann', kind: 'room', title: 'Ops check' });
  await joinByCode(bob, code, 'Bob');

  const admin = await newUser(env);
  await admin.goto('/admin');
  const form = admin.getByRole('form', { name: 'Admin sign-in' });
  await form.getByLabel('Admin key').fill('not-the-key-000000000');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await admin.getByRole('alert').filter({ hasText: /invalid_admin_key/ }).waitFor();

  await form.getByLabel('Admin key').fill(key);
  await form.getByRole('button', { name: 'Sign in' }).click();
  const table = admin.getByRole('table', { name: 'Active sessions' });
  const row = table.getByRole('row').filter({ hasText: code });
  await row.waitFor();
  assert.match(await row.textContent(), /room\s*Ops check\s*2\s*2/);
  await eventually(async () => assert.equal(await admin.getByTestId('chart-Participants present').textContent(), '2'));

  // Messages per second follow the traffic (two polls make a rate).
  const send = bob.getByRole('form', { name: 'Send an event' });
  for (let i = 0; i < 5; i++) {
    await send.getByLabel('Event name').fill('tick');
    await send.getByRole('button', { name: 'Send event' }).click();
  }
  await eventually(async () => assert.ok(parseFloat(await admin.getByTestId('chart-Messages in').textContent()) > 0), 8000);
  await admin.getByRole('img', { name: /^Active sessions: 1/ }).waitFor();

  // The key lives in this tab only: a reload keeps it, a new tab asks again.
  await admin.reload();
  await table.waitFor();
  const other = await newUser(env);
  await other.goto('/admin');
  await other.getByRole('form', { name: 'Admin sign-in' }).waitFor();

  await shot(admin, 'admin-1280');
  await checkA11y(admin, 'admin');
});
