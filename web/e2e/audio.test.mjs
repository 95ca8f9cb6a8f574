import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAll, newUser, createSession, joinByCode, checkA11y, eventually, addSong, nowPlayingTitle, wav } from './harness.mjs';

/** A mono 8-bit PCM WAV: a 440 Hz sine, `seconds` long. */
const sineWav = (seconds) => wav(seconds, (i, rate) => Math.round(128 + 100 * Math.sin((2 * Math.PI * 440 * i) / rate)));

let env;
let music;
before(async () => {
  music = mkdtempSync(join(tmpdir(), 'huddle-music-'));
  writeFileSync(join(music, 'Test Artist - Sine Song.wav'), sineWav(20));
  env = await startAll({ serverEnv: { Huddle__Music__Folder: music }, browserArgs: ['--autoplay-policy=no-user-gesture-required'] });
});
after(async () => {
  await env?.stop();
  if (music) rmSync(music, { recursive: true, force: true });
});

/** The audio element's state next to the position the app shows (aria-valuenow is the floor of it). */
const audioState = (page) => page.evaluate(() => {
  const audio = document.querySelector('[data-testid="play-here-audio"]');
  const bar = document.querySelector('[role="progressbar"][aria-label="Song progress"]');
  return audio && { paused: audio.paused, currentTime: audio.currentTime, shown: Number(bar?.getAttribute('aria-valuenow')) };
});

test('"Play here" plays the now-playing audio in step with the session, per device', async () => {
  // The music folder is scanned in the background after the start.
  const song = await eventually(async () => {
    const found = await (await fetch(`${env.base}/api/songs?q=sine`)).json();
    const sine = found.items.find((s) => s.title === 'Sine Song');
    assert.ok(sine?.hasAudio, `the WAV is in the library with audio: ${JSON.stringify(found)}`);
    return sine;
  });
  assert.equal(song.durationSeconds, 20);

  const ann = await newUser(env);
  const bob = await newUser(env);
  const code = await createSession(ann, { name: 'Ann' });
  await joinByCode(bob, code, 'Bob');

  await addSong(ann, 'sine', 'Sine Song');
  await ann.getByRole('button', { name: 'Play next' }).click();
  await eventually(async () => assert.equal(await nowPlayingTitle(bob), 'Sine Song'));

  // Opt in on Bob's device only; Ann's stays silent.
  const playHere = bob.getByRole('button', { name: 'Play here' });
  await playHere.click();
  const stop = bob.getByRole('button', { name: 'Stop playing here' });
  assert.equal(await stop.getAttribute('aria-pressed'), 'true');
  assert.equal(await ann.getByRole('button', { name: 'Play here' }).getAttribute('aria-pressed'), 'false');
  assert.equal(await audioState(ann), null);

  const inStep = async (page) => {
    const s = await audioState(page);
    assert.ok(s, 'the audio element is there');
    assert.equal(s.paused, false, 'the audio is playing');
    assert.ok(s.currentTime > 0, `the audio advances: ${s.currentTime}`);
    assert.ok(Math.abs(s.currentTime - (s.shown + 0.5)) <= 1.5, `audio at ${s.currentTime}s, app shows ${s.shown}s`);
  };
  await eventually(() => inStep(bob));
  await bob.waitForTimeout(2500); // survives a drift check
  await eventually(() => inStep(bob));
  await checkA11y(bob, 'jam with Play here on');

  // The host seeks: the audio follows.
  await ann.getByRole('slider', { name: 'Seek' }).fill('12');
  await ann.getByRole('slider', { name: 'Seek' }).blur();
  await eventually(async () => {
    const s = await audioState(bob);
    assert.ok(s.currentTime >= 11.5, `audio followed the seek: ${s.currentTime}`);
    await inStep(bob);
  });

  // The host pauses: the audio pauses at the paused position.
  await ann.getByRole('button', { name: 'Pause' }).click();
  await bob.getByText('Paused', { exact: true }).waitFor();
  await eventually(async () => {
    const s = await audioState(bob);
    assert.equal(s.paused, true, 'the audio paused');
    assert.ok(Math.abs(s.currentTime - (s.shown + 0.5)) <= 1.5, `paused at ${s.currentTime}s, app shows ${s.shown}s`);
  });

  // The choice is remembered on this device: after a reload, playing resumes the audio.
  await bob.reload();
  await bob.getByRole('button', { name: 'Stop playing here' }).waitFor();
  await ann.getByRole('button', { name: 'Play', exact: true }).click();
  await eventually(() => inStep(bob));

  // Turning it off removes the audio.
  await bob.getByRole('button', { name: 'Stop playing here' }).click();
  assert.equal(await bob.getByRole('button', { name: 'Play here' }).getAttribute('aria-pressed'), 'false');
  assert.equal(await audioState(bob), null);

  // A song without audio shows nothing new.
  await addSong(ann, 'Hey Jude', 'Hey Jude');
  await ann.getByRole('button', { name: 'Play next' }).click();
  await eventually(async () => assert.equal(await nowPlayingTitle(bob), 'Hey Jude'));
  await bob.waitForTimeout(500);
  assert.equal(await bob.getByRole('button', { name: /Play here|Stop playing here/ }).count(), 0);
});
