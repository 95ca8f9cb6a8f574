// Shared plumbing for the browser tests: a real Huddle server on a free loopback port, Debian's
// Chromium through playwright-core, axe-core scans, screenshots.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, rmSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const repo = resolve(here, '../..');
export const artifacts = join(here, 'artifacts');
const serverDir = join(repo, 'src/Huddle.Server');
const serverDll = process.env.HUDDLE_SERVER_DLL ?? join(serverDir, 'bin/Debug/net10.0/Huddle.Server.dll');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

async function waitForHealth(base, child, log) {
  // Generous: on the shared build machine under a load of 70 the server took over 30 s to start.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Huddle server exited early (${child.exitCode}):\n${log.join('')}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Huddle server did not become healthy:\n${log.join('')}`);
}

/**
 * Starts the server (the built DLL; the web app must be built into its wwwroot) and Chromium.
 * `serverEnv` adds environment variables for the server, `browserArgs` extra Chromium flags.
 */
export async function startAll({ serverEnv = {}, browserArgs = [] } = {}) {
  if (!existsSync(serverDll)) throw new Error(`Build the server first (dotnet build): ${serverDll} is missing.`);
  if (!existsSync(join(serverDir, 'wwwroot/index.html'))) throw new Error('Build the web app first: npm run build.');
  mkdirSync(artifacts, { recursive: true });
  const data = mkdtempSync(join(tmpdir(), 'huddle-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = [];
  const spawnServer = async () => {
    const child = spawn('dotnet', [serverDll, '--urls', base], {
      cwd: serverDir, // content root: wwwroot is found here
      env: {
        ...process.env,
        ASPNETCORE_ENVIRONMENT: 'Production',
        ConnectionStrings__Huddle: `Data Source=${join(data, 'huddle.db')}`,
        Huddle__RateLimits__SessionCreatesPerMinute: '1000',
        Huddle__RateLimits__FailedLookupsPerMinute: '1000',
        Jwt__SigningKey: 'huddle-e2e-signing-key-0123456789-abcdefghijklmnop',
        Huddle__PublicBaseUrl: base, // Production writes links from this, never from the Host header
        Logging__LogLevel__Default: 'Warning',
        Huddle__Music__UseDefaultFolder: 'false', // never the machine's own ~/Music
        ...serverEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => log.push(String(d)));
    child.stderr.on('data', (d) => log.push(String(d)));
    try {
      await waitForHealth(base, child, log);
    } catch (e) {
      child.kill('SIGKILL'); // a server that never answered must not outlive the failed test
      rmSync(data, { recursive: true, force: true });
      throw e;
    }
    return child;
  };
  const kill = async (child, signal) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };
  let child = await spawnServer();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, ...browserArgs] });
  return {
    base, browser, log,
    /** Kills the server hard (no goodbye to clients) and starts it again on the same port and database. */
    async crashAndRestart(downMs = 500) {
      await kill(child, 'SIGKILL');
      await new Promise((r) => setTimeout(r, downMs));
      child = await spawnServer();
    },
    /** Stops the server as a service manager does (SIGTERM: it tells clients first) and starts it again. */
    async gracefulRestart(downMs = 500) {
      await kill(child, 'SIGTERM');
      await new Promise((r) => setTimeout(r, downMs));
      child = await spawnServer();
    },
    async stop() {
      await browser.close().catch(() => {});
      await kill(child, 'SIGTERM');
      rmSync(data, { recursive: true, force: true });
      assert.deepEqual(cspViolations, [], 'The web app broke the Content-Security-Policy');
    },
  };
}

export const desktop = { width: 1280, height: 900 };
export const phone = { width: 375, height: 812 };

/**
 * Content-Security-Policy violations seen by any page: the server sends a strict policy and the
 * web app must work under it, so every test file fails (in stop()) if one was reported.
 */
export const cspViolations = [];

/** A fresh, independent browser context (own localStorage) with one page. */
export async function newUser(env, viewport = desktop) {
  const context = await env.browser.newContext({ viewport, baseURL: env.base });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspViolations.push(`${page.url()}: ${msg.text()}`);
  });
  page.setDefaultTimeout(10_000);
  return page;
}

export async function createSession(page, { name, kind = 'jam', title = '' }) {
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Start a session' });
  await form.getByRole('radio', { name: kind === 'jam' ? 'Jam' : 'Room' }).check();
  await form.getByLabel('Your name').fill(name);
  if (title) await form.getByLabel(/Title/).fill(title);
  await form.getByRole('button', { name: kind === 'jam' ? 'Start a jam' : 'Open a room' }).click();
  await page.waitForURL(/\/s\/[A-Z0-9]{6}$/);
  await page.getByTestId('session-head').waitFor();
  return page.url().split('/').pop();
}

export async function joinByCode(page, code, name) {
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Join a session' });
  await form.getByLabel('Session code').fill(code);
  await form.getByLabel('Your name').fill(name);
  await form.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL(new RegExp(`/s/${code}$`));
  await page.getByTestId('session-head').waitFor();
}

/** Runs axe-core and fails on serious or critical violations. */
export async function checkA11y(page, label) {
  // Evaluated, not added as a <script> tag: the page's CSP (rightly) refuses inline scripts.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${label}: axe found serious/critical violations:\n${JSON.stringify(bad, null, 2)}`);
  return result;
}

export async function shot(page, name) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** The teacher creates a Q&A from the home page by typing a name; returns the code. */
export async function createQa(page, { name, title, moderation = false, anonymous = true }) {
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Start a session' });
  await form.getByRole('radio', { name: 'Q&A' }).check();
  await form.getByLabel('Your name').fill(name);
  if (title) await form.getByLabel(/Title/).fill(title);
  await form.getByRole('checkbox', { name: 'Allow anonymous questions' }).setChecked(anonymous);
  await form.getByRole('checkbox', { name: 'Approve questions before everyone sees them' }).setChecked(moderation);
  await checkA11y(page, 'Q&A create form');
  await form.getByRole('button', { name: 'Start a Q&A' }).click();
  await page.waitForURL(/\/s\/[A-Z0-9]{6}$/);
  await page.getByRole('heading', { name: 'Q&A settings' }).waitFor();
  return page.url().split('/').pop();
}

export async function ask(page, text, { anonymous = false } = {}) {
  const form = page.getByRole('form', { name: 'Ask a question' });
  await form.getByLabel('Your question').fill(text);
  if (anonymous) await form.getByRole('checkbox', { name: 'Ask anonymously' }).check();
  await form.getByRole('button', { name: 'Ask' }).click();
  await eventually(async () => assert.equal(await form.getByLabel('Your question').inputValue(), ''));
}

export const queueTitles = (page) =>
  page.getByRole('list', { name: 'Queue', exact: true }).getByRole('listitem').locator('.song-title').allTextContents();

/** Retries an assertion until it passes or the time is up (the UI updates asynchronously). */
export async function eventually(check, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function addSong(page, query, title) {
  const library = page.getByRole('search', { name: 'Search the library' });
  await library.getByLabel('Search songs').fill(query);
  await library.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: new RegExp(`^Add ${title} by`) }).click();
  await page.getByRole('list', { name: 'Queue', exact: true }).getByText(title, { exact: true }).waitFor();
}

export const nowPlayingTitle = (page) => page.getByTestId('now-playing-title').textContent();

// ---- coaching (coaching.test.mjs, coaching-live.test.mjs) ----

export const coachingAdmin = { email: 'admin@huddle.test', password: 'admin-password-1' };
export const coachingPassword = 'correct horse battery';
// Every browser and REST call of a test comes from 127.0.0.1: a login budget of 20 a minute per address would be spent.
export const coachingServerEnv = {
  Admin__BootstrapEmail: coachingAdmin.email, Admin__BootstrapPassword: coachingAdmin.password, Coaching__LoginThrottle__LoginsPerIp: '1000',
};

/** Creates an account through the web app's form (the page is then signed in); returns its e-mail. */
export async function registerAccount(page, name) {
  const email = `${name.toLowerCase().replace(/\W/g, '')}-${Date.now()}@example.com`;
  await page.goto('/coaching/login');
  const form = page.getByRole('form', { name: 'Create an account' });
  await form.getByLabel('Your name').fill(name);
  await form.getByLabel('Email address').fill(email);
  await form.getByLabel('New password').fill(coachingPassword);
  await form.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/coaching$/);
  await page.getByText(`Signed in as ${name}`).waitFor();
  return email;
}

/** A new phone-sized page on /admin, signed in with the bootstrap admin's account through the form. */
export async function adminPage(env) {
  const admin = await newUser(env, phone);
  await admin.goto('/admin');
  const signIn = admin.getByRole('form', { name: 'Admin account sign-in' });
  await signIn.getByLabel('E-mail').fill(coachingAdmin.email);
  await signIn.getByLabel('Password').fill(coachingAdmin.password);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  return admin;
}

/** Signs in over REST; returns the login response ({accessToken, account, …}). */
export async function loginAccount(env, email, password = coachingPassword) {
  const response = await fetch(`${env.base}/api/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login ${email}: ${response.status}`);
  return response.json();
}

/** The bootstrap admin grants the coach role to the account with this e-mail. */
export async function grantCoach(env, email) {
  const login = await loginAccount(env, coachingAdmin.email, coachingAdmin.password);
  const user = await loginAccount(env, email);
  const r = await fetch(`${env.base}/api/admin/users/${user.account.id}/roles`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${login.accessToken}` }, body: JSON.stringify({ role: 'coach' }),
  });
  if (r.status !== 200) throw new Error(`grant coach: ${r.status}`);
}

// Coaches in these tests are free all day in UTC, so slots of N minutes start on N-minute boundaries.
// The first free slot is the next one after "now": two pages loaded either side of a boundary list
// different first slots, and a slot chosen seconds before its start is in the past when booked.
// Waiting out the last minute before a boundary keeps each test's slots the same for its whole run.
export async function clearOfSlotBoundary(minutes = 15) {
  const step = minutes * 60_000;
  const left = step - (Date.now() % step);
  if (left < 60_000) await new Promise((r) => setTimeout(r, left + 1_000));
}

/** A mono 8-bit PCM WAV `seconds` long at `rate` Hz; `sample(i)` gives sample i (0–255, 128 = silence). */
export function wav(seconds, sample = () => 128, rate = 8000) {
  const samples = seconds * rate;
  const b = Buffer.alloc(44 + samples);
  b.write('RIFF', 0); b.writeUInt32LE(36 + samples, 4); b.write('WAVE', 8);
  b.write('fmt ', 12); b.writeUInt32LE(16, 16); b.writeUInt16LE(1, 20); b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24); b.writeUInt32LE(rate, 28); b.writeUInt16LE(1, 32); b.writeUInt16LE(8, 34);
  b.write('data', 36); b.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i++) b[44 + i] = sample(i, rate);
  return b;
}
