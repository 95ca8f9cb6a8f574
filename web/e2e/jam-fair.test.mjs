import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAll, newUser, createSession, joinByCode, checkA11y, queueTitles, eventually, addSong, nowPlayingTitle, wav } from './harness.mjs';

let env;
let music;
before(async () => {
  // A 2-second song to end quickly, and the only other song with audio: the one the auto-DJ must pick.
  music = mkdtempSync(join(tmpdir(), 'huddle-music-'));
  writeFileSync(join(music, 'Test Artist - Short Song.wav'), wav(2));
  writeFileSync(join(music, 'Test Artist - Long Song.wav'), wav(120));
  env = await startAll({ serverEnv: { Huddle__Music__Folder: music } });
});
after(async () => {
  await env?.stop();
  if (music) rmSync(music, { recursive: true, force: true });
});

test('auto-DJ keeps the music going ("Picked by Huddle"); fair order and the per-person limit are visible', async () => {
  const ann = await newUser(env);
  const bob = await newUser(env);
  const code = await createSession(ann, { name: 'Ann' });
  await joinByCode(bob, code, 'Bob');

  // The last queued song ends: Huddle picks the next one (a song with audio) and says so.
  await addSong(ann, 'Short Song', 'Short Song');
  await ann.getByRole('button', { name: 'Play next' }).click();
  for (const page of [ann, bob]) {
    await eventually(async () => assert.equal(await nowPlayingTitle(page), 'Long Song'));
    await page.getByText('Picked by Huddle').waitFor();
  }

  // The host turns on fair order with at most two waiting songs per person.
  const settings = ann.getByRole('form', { name: 'Session settings' });
  await settings.getByLabel('Queue order').selectOption('fair');
  await settings.getByLabel('Songs waiting per person (0 = no limit)').fill('2');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await bob.getByText('Fair order: everyone gets a turn').waitFor();

  // Bob adds two, Ann one: Ann's song gets the second turn, not the last place.
  await addSong(bob, 'Bohemian', 'Bohemian Rhapsody');
  await addSong(bob, 'We Will Rock You', 'We Will Rock You');
  await addSong(ann, 'Hey Jude', 'Hey Jude');
  for (const page of [ann, bob]) {
    await eventually(async () => assert.deepEqual(await queueTitles(page), ['Bohemian Rhapsody', 'Hey Jude', 'We Will Rock You']));
  }

  // Bob has reached the limit: he sees why, and Add is disabled for him (not for Ann).
  await eventually(async () => assert.match(await bob.getByTestId('add-blocked').textContent(), /You have 2 songs waiting, the most the host allows/));
  const bobAdd = bob.getByRole('list', { name: 'AI picks' }).getByRole('button', { name: /^Add / }).first();
  assert.equal(await bobAdd.isDisabled(), true);
  assert.equal(await ann.getByTestId('add-blocked').count(), 0);

  // The host pins Bob's second song: it goes first for everyone.
  await ann.getByRole('button', { name: 'Pin We Will Rock You' }).click();
  for (const page of [ann, bob]) {
    await eventually(async () => assert.deepEqual(await queueTitles(page), ['We Will Rock You', 'Bohemian Rhapsody', 'Hey Jude']));
  }
  assert.equal(await bob.getByRole('button', { name: 'Pin We Will Rock You' }).count(), 0); // a member has no queue controls

  await checkA11y(ann, 'jam with fairness settings (host)');
  await checkA11y(bob, 'jam at the per-person limit (member)');
});
