import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newUser, checkA11y, shot, phone, createSession } from './harness.mjs';

let env;
before(async () => { env = await startAll(); });
after(async () => { await env?.stop(); });

test('home is accessible at phone and desktop width, in both themes', async () => {
  const page = await newUser(env);
  await page.goto('/');
  await page.getByRole('heading', { name: 'Join a session' }).waitFor();
  await shot(page, 'home-1280');
  await checkA11y(page, 'home (light)');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  assert.equal(await page.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed'), 'true');
  await checkA11y(page, 'home (dark)');
  await shot(page, 'home-dark-1280');
  await page.setViewportSize(phone);
  await shot(page, 'home-dark-375');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await shot(page, 'home-375');
  await checkA11y(page, 'home (phone)');
});

test('a bad code shows a clear error', async () => {
  const page = await newUser(env);
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Join a session' });
  await form.getByLabel('Session code').fill('ZZZZZZ');
  await form.getByLabel('Your name').fill('Dee');
  await form.getByRole('button', { name: 'Join' }).click();
  await form.getByRole('alert').getByText('No session has this code. Check the code and try again.').waitFor();
  assert.equal(new URL(page.url()).pathname, '/');

  // A deep link to an unknown session says the same.
  await page.goto('/s/ZZZZZZ');
  await page.getByRole('alert').getByText(/No session has this code/).waitFor();
  await checkA11y(page, 'unknown session');
});

test('the name is remembered and the whole home works by keyboard', async () => {
  const page = await newUser(env);
  await page.goto('/');
  const create = page.getByRole('form', { name: 'Start a session' });
  await create.getByLabel('Your name').focus();
  await page.keyboard.type('Kai');
  await create.getByLabel(/Title/).focus();
  await page.keyboard.type('Keys only');
  await page.keyboard.press('Enter'); // submits the form
  await page.waitForURL(/\/s\/[A-Z0-9]{6}$/);
  await page.getByRole('heading', { name: 'Keys only' }).waitFor();
  await page.goto('/');
  assert.equal(await page.getByRole('form', { name: 'Join a session' }).getByLabel('Your name').inputValue(), 'Kai');

  // Tab reaches the theme toggle and Space toggles it.
  const second = await newUser(env);
  await createSession(second, { name: 'Lu' });
  await second.reload();
  await second.getByRole('list', { name: 'Participants', exact: true }).waitFor();
  await second.keyboard.press('Tab');
  assert.equal(await second.evaluate(() => document.activeElement?.textContent?.trim()), 'Skip to content');
  await second.keyboard.press('Tab');
  await second.keyboard.press('Tab');
  assert.equal(await second.evaluate(() => document.activeElement?.textContent?.trim()), '☀ Dark theme');
});
