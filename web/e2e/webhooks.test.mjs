import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, newUser, checkA11y, shot, phone, coachingServerEnv, adminPage, registerAccount, grantCoach, loginAccount,
} from './harness.mjs';

let env;
before(async () => { env = await startAll({ serverEnv: coachingServerEnv }); });
after(async () => { await env?.stop(); });

const noSidewaysScroll = async (page) => {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `the page scrolls sideways: ${scroll} > ${width}`);
};

test('a coach adds a webhook on a phone: a private address is refused, the secret is shown once; the admin page lists it', async () => {
  const page = await newUser(env, phone);
  const email = await registerAccount(page, 'Hooky');
  await grantCoach(env, email);
  // The stored account must carry the new role: sign in again as the coach would.
  const login = await loginAccount(env, email);
  await page.evaluate((auth) => localStorage.setItem('huddle.coaching.auth', JSON.stringify(auth)), login);
  await page.goto('/coaching/account');
  const section = page.getByRole('region', { name: 'Webhooks' });
  await section.getByText('No webhooks yet.').waitFor();

  await section.getByLabel('Endpoint URL').fill('http://169.254.169.254/latest/meta-data');
  await section.getByRole('button', { name: 'Add webhook' }).click();
  await section.getByRole('alert').filter({ hasText: 'Webhooks can only point at public internet addresses' }).waitFor();

  const url = 'https://203.0.113.9/a/very/long/path/that/must/wrap/on/a/phone/instead/of/scrolling/sideways?token=abcdefghijklmnopqrstuvwxyz0123456789';
  await section.getByLabel('Endpoint URL').fill(url);
  await section.getByRole('checkbox', { name: 'completed' }).uncheck();
  await section.getByRole('button', { name: 'Add webhook' }).click();
  const secret = await section.getByLabel('Signing secret').textContent();
  assert.match(secret, /^whsec_[\w-]{40,}$/);
  const hooks = section.getByRole('list', { name: 'Webhooks' });
  await hooks.getByText('booked, rescheduled, cancelled').waitFor();
  await noSidewaysScroll(page);
  await checkA11y(page, 'coach webhooks');
  await shot(page, 'coaching-webhooks-375');
  await section.getByRole('button', { name: `Deliveries of ${url}` }).click();
  await section.getByText('Nothing sent yet.').waitFor();
  await section.getByRole('button', { name: 'Done' }).click();
  assert.equal(await page.getByText(secret).count(), 0); // shown once

  const admin = await adminPage(env);
  const adminHooks = admin.getByRole('region', { name: 'Webhooks' });
  await adminHooks.getByText(url).waitFor();
  assert.equal(await admin.getByText(secret).count(), 0);
  await noSidewaysScroll(admin);
  await adminHooks.getByRole('button', { name: `Delete webhook ${url}` }).click();
  await adminHooks.getByText('No webhooks yet.').waitFor();
  await admin.context().close();

  await page.reload();
  await page.getByRole('region', { name: 'Webhooks' }).getByText('No webhooks yet.').waitFor();
  await page.context().close();
});
