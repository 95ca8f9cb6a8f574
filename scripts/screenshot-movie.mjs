#!/usr/bin/env node
// Regenerates docs/movies.md's movie-night screens in docs/screenshots/: the deck, a match, the watch
// party playing a film from the film folder, and the platform party's 3-2-1, each at 375 and 1280 px
// (light), on a real Huddle server with a generated short film (ffmpeg) in headless Chromium.
//
//   dotnet build Huddle.slnx -c Release        # builds the web app into wwwroot too
//   (cd web && npm ci)                          # playwright-core
//   node scripts/screenshot-movie.mjs
//
// Needs ffmpeg and /usr/bin/chromium (Debian packages). Everything temporary is removed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.env.HUDDLE_SERVER_DLL ??= join(repo, 'src/Huddle.Server/bin/Release/net10.0/Huddle.Server.dll');
const { startAll, newUser, joinByCode, eventually, phone, desktop } = await import(join(repo, 'web/e2e/harness.mjs'));
const output = join(repo, 'docs/screenshots');

const films = mkdtempSync(join(tmpdir(), 'huddle-screenshot-films-'));
let env;
try {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=10', '-t', '60',
    '-c:v', 'libvpx', '-b:v', '300k', join(films, 'Test_Pattern.webm')]);
  env = await startAll({ serverEnv: { Huddle__Films__Folder: films }, browserArgs: ['--autoplay-policy=no-user-gesture-required'] });

  for (const [width, viewport] of [[375, phone], [1280, { ...desktop, height: 800 }]]) {
    const shot = async (page, name, section) => {
      const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
      while (await dismiss.count() > 0) await dismiss.first().click();
      if (section) await section.scrollIntoViewIfNeeded();
      else await page.evaluate(() => window.scrollTo(0, 0));
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(output, `movie-${name}-${width}.png`) });
    };
    const maya = await newUser(env, viewport);
    const sam = await newUser(env, viewport);
    await maya.goto('/');
    const form = maya.getByRole('form', { name: 'Start a session' });
    await form.getByRole('radio', { name: 'Movie night' }).check();
    await form.getByLabel('Your name').fill('Maya');
    await form.getByRole('button', { name: 'Start a movie night' }).click();
    await maya.waitForURL(/\/s\/[A-Z0-9]{6}$/);
    await joinByCode(sam, maya.url().split('/').pop(), 'Sam');
    await maya.getByRole('button', { name: /^Like / }).first().waitFor();
    await shot(maya, 'deck', maya.getByRole('button', { name: /^Like / }).first());

    for (const page of [maya, sam]) await page.getByRole('button', { name: /^Like / }).first().click();
    const watch = maya.getByRole('button', { name: /^Watch / });
    await watch.waitFor();
    await shot(maya, 'match', watch);

    await watch.click();
    await maya.getByLabel('Play from the film folder').selectOption({ label: 'Test Pattern' });
    await maya.getByTestId('film-video').waitFor();
    await maya.getByRole('group', { name: 'Watch party controls' }).getByRole('button', { name: 'Play' }).click();
    await eventually(async () => {
      if (!(await maya.getByTestId('film-video').evaluate((v) => v.currentTime > 2))) throw new Error('the film is not playing yet');
    }, 20_000);
    await shot(maya, 'party-film', maya.getByRole('heading', { name: 'Watch party' }));

    await maya.getByLabel('Play from the film folder').selectOption({ value: '' });
    const choice = maya.getByLabel('Watch on a streaming platform');
    await eventually(async () => { if (await choice.locator('option').count() < 2) throw new Error('no platforms yet'); });
    await choice.selectOption({ index: 1 });
    await maya.getByRole('button', { name: 'Start together (3-2-1)' }).click();
    await eventually(async () => { if (!['3', '2', '1'].includes(await maya.getByTestId('countdown').textContent())) throw new Error('not counting'); });
    await shot(maya, 'platform', maya.getByRole('heading', { name: 'Watch party' }));
    await maya.context().close();
    await sam.context().close();
  }
} finally {
  await env?.stop();
  rmSync(films, { recursive: true, force: true });
}
