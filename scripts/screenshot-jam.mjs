#!/usr/bin/env node
// Regenerates docs/images/jam.png, the README's picture of a jam: tagged MP3s with cover art
// (ffmpeg + id3v2, as the tests make them) in a temporary music folder, a real Huddle server on
// it, a jam with a few songs queued and one playing, shot 1280 px wide in headless Chromium.
//
//   dotnet build Huddle.slnx -c Release        # builds the web app into wwwroot too
//   (cd web && npm ci)                          # playwright-core
//   node scripts/screenshot-jam.mjs
//
// Needs ffmpeg, id3v2 and /usr/bin/chromium (Debian packages). Everything temporary is removed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.env.HUDDLE_SERVER_DLL ??= join(repo, 'src/Huddle.Server/bin/Release/net10.0/Huddle.Server.dll');
const { startAll, newUser, createSession, eventually, addSong } = await import(join(repo, 'web/e2e/harness.mjs'));
const output = join(repo, 'docs/images/jam.png');

const songs = [
  { file: 'aurora.mp3', title: 'Aurora Lights', artist: 'Nova Band', album: 'Night Skies', year: 2019, genre: 'Synthpop', art: 'gradients=s=256x256:c0=0x0b3d91:c1=0x9b59b6:c2=0x48c9b0:nb_colors=3:x0=0:y0=0:x1=256:y1=256' },
  { file: 'harbour.mp3', title: 'Harbour Rain', artist: 'Kai Lund', album: 'Coastlines', year: 2021, genre: 'Folk', art: 'gradients=s=256x256:c0=0x1b4f72:c1=0x76d7c4:x0=0:y0=0:x1=256:y1=256' },
  { file: 'neon.mp3', title: 'Neon Avenue', artist: 'The Static', album: 'City Circuits', year: 2022, genre: 'Electronic', art: 'gradients=s=256x256:c0=0x6c3483:c1=0xf1948a:x0=256:y0=0:x1=0:y1=256' },
  { file: 'ember.mp3', title: 'Ember Waltz', artist: 'Lio Marsh', album: 'Slow Fires', year: 2018, genre: 'Jazz', art: 'gradients=s=256x256:c0=0x922b21:c1=0xf5b041:x0=0:y0=256:x1=256:y1=0' },
];

const run = (tool, ...args) => execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'inherit'] });
const folder = mkdtempSync(join(tmpdir(), 'huddle-screenshot-'));
let env;
try {
  for (const s of songs) {
    const cover = join(folder, `${s.file}.jpg`);
    run('ffmpeg', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', s.art, '-frames:v', '1', cover);
    const mp3 = join(folder, s.file);
    run('ffmpeg', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=200', '-i', cover,
      '-map', '0', '-map', '1', '-c:v', 'copy', '-metadata:s:v', 'comment=Cover (front)', '-c:a', 'libmp3lame', '-b:a', '32k', '-id3v2_version', '3', mp3);
    run('id3v2', '-t', s.title, '-a', s.artist, '-A', s.album, '-y', String(s.year), '-T', '1', '-g', s.genre, mp3);
    rmSync(cover);
  }

  env = await startAll({ serverEnv: { Huddle__Music__Folder: folder } });
  await eventually(async () => {
    const found = await (await fetch(`${env.base}/api/songs?limit=500`)).json();
    if (found.items.filter((s) => s.hasAudio).length !== songs.length) throw new Error('the music folder is not scanned yet');
  }, 30_000);

  const page = await newUser(env);
  await page.emulateMedia({ colorScheme: 'dark' });
  await createSession(page, { name: 'Maya', title: 'Friday jam' });
  for (const s of songs) await addSong(page, s.title, s.title);
  await page.getByRole('button', { name: 'Play next' }).click();
  const cover = page.getByRole('img', { name: `Cover of ${songs[0].album}` });
  await cover.waitFor();
  await eventually(async () => { if (!(await cover.evaluate((img) => img.complete && img.naturalWidth > 0))) throw new Error('cover not loaded'); });
  await page.getByLabel('Search songs').fill('');
  await page.getByLabel('Search songs').blur();
  // The "Added …" notifications would cover the library: dismiss them.
  const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
  while (await dismiss.count() > 0) await dismiss.first().click();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: output, fullPage: false });
  console.log(`${output}: ${Math.round(statSync(output).size / 1024)} KB`);
} finally {
  await env?.stop();
  rmSync(folder, { recursive: true, force: true });
}
