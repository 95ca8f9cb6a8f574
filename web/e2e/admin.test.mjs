// The operator's page: the admin key, or an account with the admin role, unlocks a live view of
// the sessions on the server; other accounts are refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newUser, createSession, joinByCode, checkA11y, shot, eventually } from './harness.mjs';

const key = 'e2e-admin-key-0123456789abcdef';
const adminEmail = 'root@huddle.test';
const adminPassword = 'root-password-e2e-1';
let env;
before(async () => {
  env = await startAll({ serverEnv: { Admin__Key: key, Admin__BootstrapEmail: adminEmail, Admin__BootstrapPassword: adminPassword } });
});
after(async () => { await env?.stop(); });

test('the admin page asks for the key, then shows live sessions and charts', async () => {
  const ann = await newUser(env);
  const bob = await newUser(env);
  const code = await createSession(ann, { name: 'Ann', kind: 'room', title: 'Ops check' });
  await joinByCode(bob, code, 'Bob');

  const admin = await newUser(env);
  await admin.goto('/admin');
  const form = admin.getByRole('form', { name: 'Admin key sign-in' });
  await form.getByLabel('Admin key').fill('not-the-key-000000000');
  await form.getByRole('button', { name: 'Sign in with the key' }).click();
  await admin.getByRole('alert').filter({ hasText: 'That admin key is not right.' }).waitFor();

  await form.getByLabel('Admin key').fill(key);
  await form.getByRole('button', { name: 'Sign in with the key' }).click();
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
  await other.getByRole('form', { name: 'Admin key sign-in' }).waitFor();

  await shot(admin, 'admin-1280');
  await checkA11y(admin, 'admin');
});

test('an admin account signs in with e-mail and password; other accounts are refused clearly', async () => {
  const ann = await newUser(env);
  const code = await createSession(ann, { name: 'Ann', kind: 'room', title: 'Account check' });
  const register = await fetch(`${env.base}/api/auth/register`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'student@huddle.test', password: 'student-password-1', name: 'Stu' }),
  });
  assert.equal(register.status, 201);

  const page = await newUser(env);
  await page.goto('/admin');
  const form = page.getByRole('form', { name: 'Admin account sign-in' });
  await checkA11y(page, 'admin sign-in');
  const signIn = async (email, password) => {
    await form.getByLabel('E-mail').fill(email);
    await form.getByLabel('Password').fill(password);
    await form.getByRole('button', { name: 'Sign in' }).click();
  };

  await signIn(adminEmail, 'not-the-password-1');
  await page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password.' }).waitFor();

  // A client account signs in (its password is right) but is not an admin: refused, and asked again.
  await signIn('student@huddle.test', 'student-password-1');
  await page.getByRole('alert').filter({ hasText: 'student@huddle.test is not an admin account' }).waitFor();
  await form.waitFor();
  assert.equal(await page.getByRole('table', { name: 'Active sessions' }).count(), 0);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('huddle.admin')), null);

  await signIn(adminEmail, adminPassword);
  const row = page.getByRole('table', { name: 'Active sessions' }).getByRole('row').filter({ hasText: code });
  await row.waitFor();
  assert.match(await row.textContent(), /room\s*Account check/);
  await page.getByText(adminEmail).waitFor();
  // The token stays in this tab: a reload keeps the view.
  await page.reload();
  await row.waitFor();
  await checkA11y(page, 'admin account');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await form.waitFor();
});
