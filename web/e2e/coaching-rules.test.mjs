import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newUser, checkA11y, eventually, coachingServerEnv, registerAccount, grantCoach } from './harness.mjs';

let env;
before(async () => { env = await startAll({ serverEnv: coachingServerEnv }); });
after(async () => { await env?.stop(); });

const auth = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('huddle.coaching.auth')));

test('a coach sets booking rules on the form; a client can pick only the offered lengths and no slot inside the notice', async () => {
  const coach = await newUser(env);
  const coachEmail = await registerAccount(coach, 'Rosa Rules');
  await grantCoach(env, coachEmail);
  const { accessToken, account } = await auth(coach);
  const windows = [0, 1, 2, 3, 4, 5, 6].map((d) => ({ dayOfWeek: d, start: '00:00', end: '24:00' }));
  const put = await fetch(`${env.base}/api/coaches/me/availability`, {
    method: 'PUT', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ timeZone: 'UTC', windows, exceptions: [] }),
  });
  assert.equal(put.status, 200);

  await coach.goto('/coaching/availability');
  const form = coach.getByRole('form', { name: 'Booking rules' });
  await form.getByLabel('Minimum notice (hours)').fill('48');
  await form.getByLabel('30 min').check();
  await form.getByLabel('90 min').check();
  const saved = coach.waitForResponse((r) => r.url().endsWith('/api/coaches/me/rules') && r.request().method() === 'PUT');
  await form.getByRole('button', { name: 'Save booking rules' }).click();
  assert.equal((await saved).status(), 200);
  await checkA11y(coach, 'booking rules form');
  // Saved as the server answered: the form shows the sorted lengths and the notice in hours after a reload.
  await coach.reload();
  await eventually(async () => assert.equal(await form.getByLabel('Minimum notice (hours)').inputValue(), '48'));
  assert.ok(await form.getByLabel('90 min').isChecked());

  const client = await newUser(env);
  await registerAccount(client, 'Sam Client');
  const slotsLoaded = client.waitForResponse((r) => /\/api\/coaches\/[0-9a-f-]{36}\/availability\?.*durationMinutes=30/.test(r.url()));
  await client.goto(`/coaching/coaches/${account.id}`);
  const slots = await (await slotsLoaded).json();
  const length = client.getByLabel('Length');
  assert.deepEqual(await length.locator('option').allTextContents(), ['30 min', '90 min']);
  assert.ok(slots.length > 0);
  assert.ok(slots.every((s) => Date.parse(s.start) >= Date.now() + 47.9 * 3600_000), 'no slot inside the 48-hour notice');
  await client.getByRole('group', { name: 'Free slots' }).getByRole('button').first().waitFor();
});
