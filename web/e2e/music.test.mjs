// The music folder, end to end: real tagged files made by Debian's audio tools, a jam that plays
// one in two browsers at once, in step, with its cover art; a catalog song says it has no audio.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAll, newUser, createSession, joinByCode, checkA11y, eventually, addSong, nowPlayingTitle } from './harness.mjs';

const run = (tool, ...args) => execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** Thirty seconds of tone in each format, tagged by that format's own tool; the MP3 has a cover. */
function makeMusic(folder) {
  const tone = (file) => run('sox', '-n', '-r', '44100', '-c', '2', join(folder, file), 'synth', '30', 'sine', '440');
  const cover = join(folder, 'cover.jpg');
  run('ffmpeg', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=orange:s=64x64:d=1', '-frames:v', '1', cover);
  tone('tone.wav');
  const mp3 = join(folder, 'tagged.mp3');
  run('ffmpeg', '-loglevel', 'error', '-y', '-i', join(folder, 'tone.wav'), '-i', cover, '-map', '0', '-map', '1', '-c:v', 'copy',
    '-metadata:s:v', 'comment=Cover (front)', '-c:a', 'libmp3lame', '-id3v2_version', '3', mp3);
  run('id3v2', '-t', 'Orange Tone', '-a', 'The Oscillators', '-A', 'Test Signals', '-y', '2024', '-T', '1', '-g', 'Electronic', mp3);
  tone('tagged.flac');
  run('metaflac', '--set-tag=TITLE=Flac Tone', '--set-tag=ARTIST=The Oscillators', join(folder, 'tagged.flac'));
  tone('tagged.ogg');
  run('vorbiscomment', '-w', '-t', 'TITLE=Ogg Tone', '-t', 'ARTIST=The Oscillators', join(folder, 'tagged.ogg'));
  rmSync(join(folder, 'tone.wav'));
  rmSync(cover);
}

let env;
let music;
before(async () => {
  music = mkdtempSync(join(tmpdir(), 'huddle-music-'));
  makeMusic(music);
  env = await startAll({ serverEnv: { Huddle__Music__Folder: music }, browserArgs: ['--autoplay-policy=no-user-gesture-required'] });
});
after(async () => {
  await env?.stop();
  if (music) rmSync(music, { recursive: true, force: true });
});

/** Each page's audio at one instant of the shared machine clock, so two pages can be compared. */
const audioAt = (page) => page.evaluate(() => {
  const audio = document.querySelector('[data-testid="play-here-audio"]');
  return audio && { paused: audio.paused, error: audio.error?.code ?? null, currentTime: audio.currentTime, at: Date.now() };
});

/** Play here keeps each device within 0.3 s of the session's position (docs/music.md): two devices within 0.6 s. */
const TOLERANCE_S = 0.6;

test('a jam plays a tagged file from the music folder in two browsers, in step, with its cover', async () => {
  // The folder is scanned in the background: its songs appear with their tags.
  await eventually(async () => {
    const found = await (await fetch(`${env.base}/api/songs?q=oscillators`)).json();
    assert.deepEqual(found.items.map((s) => s.title).sort(), ['Flac Tone', 'Ogg Tone', 'Orange Tone']);
    const orange = found.items.find((s) => s.title === 'Orange Tone');
    assert.equal(orange.hasAudio, true);
    assert.equal(orange.album, 'Test Signals');
    assert.equal(orange.year, 2024);
    assert.ok(orange.durationSeconds >= 30, `duration ${orange.durationSeconds}`);
    assert.ok(orange.coverUrl, 'the MP3 has a cover');
  }, 30_000);

  const ann = await newUser(env);
  const bob = await newUser(env);
  const code = await createSession(ann, { name: 'Ann' });
  await joinByCode(bob, code, 'Bob');

  // The host sees which folder the music comes from.
  await eventually(async () => assert.match(await ann.getByTestId('music-folder').textContent(), /Music folder: .*3 songs with audio/));

  // A catalog song says plainly that it has no audio; the folder's song does not.
  await addSong(ann, 'Orange Tone', 'Orange Tone');
  await addSong(ann, 'Hey Jude', 'Hey Jude');
  const queued = (page, title) => page.getByRole('list', { name: 'Queue', exact: true }).getByRole('listitem').filter({ hasText: title });
  await queued(bob, 'Hey Jude').getByText('No audio — catalog entry only').waitFor();
  assert.equal(await queued(bob, 'Orange Tone').getByText('No audio — catalog entry only').count(), 0);

  await ann.getByRole('button', { name: 'Play next' }).click();
  await eventually(async () => assert.equal(await nowPlayingTitle(bob), 'Orange Tone'));
  const cover = bob.getByRole('img', { name: 'Cover of Test Signals' });
  await cover.waitFor();
  await eventually(async () => assert.equal(await cover.evaluate((img) => img.complete && img.naturalWidth), 64));

  for (const page of [ann, bob]) await page.getByRole('button', { name: 'Play here' }).click();

  // Both browsers really play it: not paused, no media error, time advancing.
  const playing = async (page) => {
    const first = await audioAt(page);
    assert.ok(first, 'the audio element is there');
    assert.equal(first.error, null, 'no media error');
    assert.equal(first.paused, false, 'the audio is playing');
    await eventually(async () => assert.ok((await audioAt(page)).currentTime > first.currentTime + 0.2, 'the audio advances'));
  };
  await eventually(() => playing(ann), 15_000);
  await eventually(() => playing(bob), 15_000);

  // In step with each other: both read at (nearly) the same instant, corrected for the time between the reads.
  await eventually(async () => {
    const [a, b] = await Promise.all([audioAt(ann), audioAt(bob)]);
    const apart = Math.abs(a.currentTime + (b.at - a.at) / 1000 - b.currentTime);
    assert.ok(apart <= TOLERANCE_S, `Ann at ${a.currentTime}s, Bob at ${b.currentTime}s (${(b.at - a.at)} ms later): ${apart.toFixed(3)} s apart`);
  });
  await checkA11y(bob, 'jam playing a music-folder song with its cover');

  // Issue 17's fix: a vote that skips the song leaves the button ready for the next one.
  await bob.getByRole('button', { name: 'Vote to skip' }).click();
  await eventually(async () => assert.equal(await nowPlayingTitle(bob), 'Hey Jude'));
  const skip = bob.getByRole('button', { name: /skip/ });
  await eventually(async () => assert.equal(await skip.textContent(), 'Vote to skip'));
  assert.equal(await skip.isEnabled(), true);
  assert.equal(await skip.getAttribute('aria-pressed'), 'false');

  // The catalog song has no audio: the card says so, with a hint for the host only.
  await bob.getByRole('note').filter({ hasText: 'No audio — catalog entry only' }).waitFor();
  await ann.getByRole('note').filter({ hasText: /music folder/ }).waitFor();
  assert.equal(await bob.getByRole('note').filter({ hasText: /music folder/ }).count(), 0);
});
