#!/usr/bin/env node
// Regenerates docs/screenshots/: the home page, every session kind (jam, movie night, Q&A classroom,
// room; the host's view, with a guest joined) and the coaching booking page, each at 375 and
// 1280 px wide, light and dark (prefers-color-scheme emulation), on a real Huddle server in
// headless Chromium. Viewport-sized PNGs at 1x, so the folder stays small.
//
//   dotnet build Huddle.slnx -c Release        # builds the web app into wwwroot too
//   (cd web && npm ci)                          # playwright-core
//   node scripts/screenshots.mjs
//
// Everything temporary (server data, browser) is removed when it ends.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.env.HUDDLE_SERVER_DLL ??= join(repo, 'src/Huddle.Server/bin/Release/net10.0/Huddle.Server.dll');
const { startAll, coachingServerEnv, coachingPassword, grantCoach, loginAccount } = await import(join(repo, 'web/e2e/harness.mjs'));
const output = join(repo, 'docs/screenshots');
const widths = { 375: { width: 375, height: 812 }, 1280: { width: 1280, height: 800 } };

let env;
async function api(path, body) {
  const response = await fetch(`${env.base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** One picture per width and colour scheme; `stored` is the browser's localStorage (tokens, name). */
async function shoot(name, path, stored, ready) {
  for (const [width, viewport] of Object.entries(widths)) {
    for (const colorScheme of ['light', 'dark']) {
      const context = await env.browser.newContext({ viewport, colorScheme, baseURL: env.base, serviceWorkers: 'block' });
      await context.addInitScript((s) => { for (const [k, v] of Object.entries(s)) localStorage.setItem(k, v); }, stored);
      const page = await context.newPage();
      await page.goto(path);
      await ready(page);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(output, `${name}-${width}-${colorScheme}.png`) });
      await context.close();
    }
  }
}

try {
  mkdirSync(output, { recursive: true });
  env = await startAll({ serverEnv: coachingServerEnv });
  await shoot('home', '/', {}, (page) => page.getByRole('heading', { name: 'Join a session' }).waitFor());

  for (const [kind, title] of [['jam', 'Friday jam'], ['movie', 'Film club'], ['classroom', 'Thermodynamics'], ['room', 'Stand-up']]) {
    const created = await api('/api/sessions', { kind, hostName: 'Maya', title });
    // A guest in the room, so the participant list is not just the host.
    const guest = await env.browser.newContext({ baseURL: env.base });
    await guest.addInitScript(() => localStorage.setItem('huddle.name', 'Sam'));
    const guestPage = await guest.newPage();
    await guestPage.goto(`/s/${created.code}`);
    await guestPage.getByRole('heading', { name: title }).first().waitFor();
    await shoot(kind, `/s/${created.code}`, { [`huddle.token.${created.code}`]: created.participantToken },
      (page) => page.getByRole('heading', { name: title }).first().waitFor());
    await guest.close();
  }

  const email = `grace-${Date.now()}@example.com`;
  await api('/api/auth/register', { email, password: coachingPassword, name: 'Grace Coach' });
  await grantCoach(env, email);
  const coach = (await loginAccount(env, email)).account;
  await shoot('coaching', `/coaching/coaches/${coach.id}`, {}, (page) => page.getByRole('heading', { name: 'Grace Coach', level: 1 }).waitFor());
  console.log(`Screenshots written to ${output}`);
} finally {
  await env?.stop();
}
