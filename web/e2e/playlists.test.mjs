// Playlists in the browser: the host saves the jam's queue, sees and exports it, and adds it to
// another jam's queue, where the report says how many songs went in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newUser, createSession, addSong, queueTitles, eventually, checkA11y } from './harness.mjs';

let env;
before(async () => { env = await startAll(); });
after(async () => { await env?.stop(); });

test('a host saves the queue as a playlist, exports it, and adds it to another jam', async () => {
  const ann = await newUser(env);
  await createSession(ann, { name: 'Ann', title: 'Friday jam' });
  await addSong(ann, 'Hey Jude', 'Hey Jude');
  await addSong(ann, 'Let It Be', 'Let It Be');

  const card = ann.getByRole('region', { name: 'Playlists' });
  await card.getByLabel('Playlist name').fill('Beatles night');
  await card.getByRole('button', { name: 'Save queue' }).click();
  const saved = card.getByRole('list', { name: 'Playlists' }).getByRole('listitem').filter({ hasText: 'Beatles night' });
  await saved.getByText('2 songs').waitFor();
  await checkA11y(ann, 'jam with the playlists card');

  const href = await saved.getByRole('link', { name: 'Export M3U8' }).getAttribute('href');
  const m3u8 = await (await fetch(env.base + href)).text();
  assert.match(m3u8, /^#EXTM3U\n#EXTINF:\d+,The Beatles - Hey Jude\nhuddle:\S+\n#EXTINF:\d+,The Beatles - Let It Be\n/);

  const bob = await newUser(env);
  await createSession(bob, { name: 'Bob' });
  await bob.getByRole('region', { name: 'Playlists' }).getByRole('button', { name: 'Add Beatles night to the queue' }).click();
  await eventually(async () => assert.equal(await bob.getByTestId('playlist-report').textContent(), 'Added 2 of 2 songs.'));
  await eventually(async () => assert.deepEqual((await queueTitles(bob)).sort(), ['Hey Jude', 'Let It Be']));
});
