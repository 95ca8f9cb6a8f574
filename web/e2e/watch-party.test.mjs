import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAll, newUser, joinByCode, eventually } from './harness.mjs';

// The tolerance docs/movies.md promises: each device within 0.3 s of the party, so two within 0.6 s.
const TOLERANCE = 0.3;

let env;
let films;
before(async () => {
  films = mkdtempSync(join(tmpdir(), 'huddle-films-'));
  // A short real video (VP8 WebM, which every Chromium plays) with subtitles beside it.
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '12',
    '-c:v', 'libvpx', '-b:v', '100k', '-g', '10', join(films, 'Test_Pattern.webm')]);
  writeFileSync(join(films, 'Test_Pattern.en.srt'), '1\n00:00:00,500 --> 00:00:03,000\nA test pattern\n');
  env = await startAll({ serverEnv: { Huddle__Films__Folder: films }, browserArgs: ['--autoplay-policy=no-user-gesture-required'] });
});
after(async () => {
  await env?.stop();
  if (films) rmSync(films, { recursive: true, force: true });
});

const video = (page) => page.evaluate(() => {
  const v = document.querySelector('[data-testid="film-video"]');
  return v && { paused: v.paused, time: v.currentTime, ready: v.readyState };
});

async function bothWithin(ann, bob, { paused, near }) {
  await eventually(async () => {
    const [a, b] = await Promise.all([video(ann), video(bob)]);
    assert.ok(a && b, 'both devices show the film');
    assert.equal(a.paused, paused, `Ann's video ${paused ? 'paused' : 'playing'}`);
    assert.equal(b.paused, paused, `Bob's video ${paused ? 'paused' : 'playing'}`);
    const drift = Math.abs(a.time - b.time);
    assert.ok(drift <= (paused ? TOLERANCE : 2 * TOLERANCE), `drift ${drift.toFixed(3)} s (Ann ${a.time}, Bob ${b.time})`);
    if (near !== undefined) assert.ok(Math.abs(a.time - near) <= TOLERANCE, `Ann at ${a.time}, expected near ${near}`);
    return a.time;
  }, 20_000);
}

/** Ann starts a movie night, Bob joins, both like the first card: a match, which Ann watches. */
async function watchingAMatch() {
  const ann = await newUser(env);
  const bob = await newUser(env);
  await ann.goto('/');
  const form = ann.getByRole('form', { name: 'Start a session' });
  await form.getByRole('radio', { name: 'Movie night' }).check();
  await form.getByLabel('Your name').fill('Ann');
  await form.getByRole('button', { name: 'Start a movie night' }).click();
  await ann.waitForURL(/\/s\/[A-Z0-9]{6}$/);
  await joinByCode(bob, ann.url().split('/').pop(), 'Bob');
  for (const page of [ann, bob]) await page.getByRole('button', { name: /^Like / }).first().click();
  await ann.getByRole('button', { name: /^Watch / }).click();
  await bob.getByTestId('watch-title').waitFor();
  return { ann, bob };
}

// A guest's pause and seek reach every device, and playback starts without a stall: this walk failed
// most runs while the sync's own seeks were reported as buffering (docs/movies.md, "What was wrong").
test('a film from the film folder starts after a ready check and plays in step on two devices; a guest pauses and seeks', async () => {
  const { ann, bob } = await watchingAMatch();

  await ann.getByLabel('Play from the film folder').selectOption({ label: 'Test Pattern' });
  // The checkbox shows the session's rule: it turns on when the server's watchPartyUpdated arrives.
  const everyone = ann.getByLabel('Everyone may play, pause and seek');
  await everyone.click();
  await eventually(async () => assert.equal(await everyone.isChecked(), true));
  for (const page of [ann, bob]) await page.getByTestId('film-video').waitFor();
  await eventually(async () => assert.ok((await video(bob)).ready >= 1, 'Bob has the metadata'));

  // The ready check: the host asks, Bob taps "Ready?" (the last one), and the film starts for both from 0:00.
  await ann.getByRole('button', { name: 'Ask if everyone is ready' }).click();
  await eventually(async () => assert.equal(await ann.getByTestId('ready-count').textContent(), '1/2 ready'));
  await bob.getByRole('group', { name: 'Ready check' }).getByRole('button', { name: 'Ready?' }).click();
  await eventually(async () => assert.ok((await video(bob)).time > 2, 'the film plays on Bob\'s device'), 15_000);
  assert.equal(await ann.getByRole('group', { name: 'Ready check' }).count(), 0, 'the check is over');
  await bothWithin(ann, bob, { paused: false });

  // The guest pauses: both stop at the same frame.
  const bobControls = bob.getByRole('group', { name: 'Watch party controls' });
  await bobControls.getByRole('button', { name: 'Pause' }).click();
  await ann.getByRole('group', { name: 'Watch party controls' }).getByRole('button', { name: 'Play' }).waitFor();
  await bothWithin(ann, bob, { paused: true });

  // The guest seeks back to the start (Home on the slider), then plays: both follow.
  const slider = bobControls.getByRole('slider');
  await slider.focus();
  await slider.press('Home');
  await bothWithin(ann, bob, { paused: true, near: 0 });
  await bobControls.getByRole('button', { name: 'Play' }).click();
  await eventually(async () => assert.ok((await video(ann)).time > 1, 'the film plays again'), 15_000);
  await bothWithin(ann, bob, { paused: false });

  // A reaction: Bob taps 🍿 and it floats over Ann's film with his name.
  await bob.getByRole('group', { name: 'React' }).getByRole('button', { name: 'React 🍿' }).click();
  await ann.getByTestId('film-reactions').getByText('Bob').waitFor();
  assert.match(await ann.getByTestId('film-reactions').textContent(), /🍿\s*Bob/);
});

// The film on a streaming platform: both devices get the link, the 3-2-1 lands at one server-clock
// moment on both, and a guest's pause tells the host who paused and where.
test('a platform party: the link, a shared 3-2-1 on two devices, and a guest pause named on the host', async () => {
  const { ann, bob } = await watchingAMatch();

  const choice = ann.getByLabel('Watch on a streaming platform');
  await eventually(async () => assert.ok(await choice.locator('option').count() > 1, 'the platforms are listed'));
  await choice.selectOption({ index: 1 });
  const everyone = ann.getByLabel('Everyone may play, pause and seek');
  await everyone.click();
  await eventually(async () => assert.equal(await everyone.isChecked(), true));
  for (const page of [ann, bob]) {
    const link = page.getByRole('group', { name: 'Platform party' }).getByRole('link', { name: /^Open “/ });
    assert.match(await link.getAttribute('href'), /^https:\/\/www\.themoviedb\.org\/movie\/\d+\/watch\?locale=US$/);
  }

  await ann.getByRole('button', { name: 'Start together (3-2-1)' }).click();
  for (const page of [ann, bob]) await eventually(async () => assert.equal(await page.getByTestId('countdown').textContent(), 'Play now'), 15_000);
  // Each device computed the moment from the server's time and its own clock offset: the same moment on both.
  const [a, b] = await Promise.all([ann, bob].map(async (page) => Number(await page.getByTestId('countdown').getAttribute('data-play-at'))));
  assert.ok(Math.abs(a - b) <= 250, `"Play now" at ${a} on Ann's device and ${b} on Bob's`);
  assert.match(await bob.getByTestId('party-position').textContent(), /^The party is at \d+:\d\d — seek your player there$/);

  await bob.getByRole('group', { name: 'Platform party controls' }).getByRole('button', { name: 'Pause' }).click();
  await ann.getByRole('status', { name: 'Notifications' }).getByText(/^Bob paused at \d+:\d\d$/).waitFor();
  assert.match(await ann.getByTestId('party-position').textContent(), /^The party is paused at \d+:\d\d$/);
});
