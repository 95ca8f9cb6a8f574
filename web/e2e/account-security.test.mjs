import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newUser, checkA11y, coachingServerEnv, coachingPassword, loginAccount } from './harness.mjs';

let env;
before(async () => { env = await startAll({ serverEnv: coachingServerEnv }); });
after(async () => { await env?.stop(); });

const me = async (token) => (await fetch(`${env.base}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).status;
const savedToken = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('huddle.coaching.auth') ?? 'null')?.accessToken ?? null);

test('registration states the password rule before typing and refuses a common password; the account page changes the password and signs out everywhere', async () => {
  const page = await newUser(env);
  const email = `nia-${Date.now()}@example.com`;
  await page.goto('/coaching/login');
  const register = page.getByRole('form', { name: 'Create an account' });
  await register.getByText('10 to 128 characters, not your e-mail address, and not a common password.').waitFor();
  await register.getByLabel('Your name').fill('Nia');
  await register.getByLabel('Email address').fill(email);
  await register.getByLabel('New password').fill('Password1234');
  await register.getByRole('button', { name: 'Create account' }).click();
  await register.getByRole('alert').filter({ hasText: /too common/ }).waitFor();
  await register.getByLabel('New password').fill(coachingPassword);
  await register.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('Signed in as Nia').waitFor();
  const first = await savedToken(page);

  await page.getByRole('link', { name: 'Password and devices' }).click();
  await page.getByRole('heading', { name: 'Password and devices' }).waitFor();
  await checkA11y(page);
  const change = page.getByRole('form', { name: 'Change password' });
  await change.getByLabel('Current password').fill('not my password');
  await change.getByLabel('New password').fill('a new passphrase for e2e 9');
  await change.getByRole('button', { name: 'Change password' }).click();
  await change.getByRole('alert').filter({ hasText: 'The current password is wrong.' }).waitFor();
  await change.getByLabel('Current password').fill(coachingPassword);
  await change.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Password changed. Your other devices are signed out.').waitFor();

  // The earlier token is revoked at once; this device carries on with the new one.
  const second = await savedToken(page);
  assert.notEqual(second, first);
  assert.equal(await me(first), 401);
  assert.equal(await me(second), 200);

  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.waitForURL(/\/coaching\/login/);
  assert.equal(await savedToken(page), null);
  assert.equal(await me(second), 401);
  assert.ok((await loginAccount(env, email, 'a new passphrase for e2e 9')).accessToken);
});
