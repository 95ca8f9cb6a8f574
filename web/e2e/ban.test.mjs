import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newUser, createSession, joinByCode, checkA11y, eventually } from './harness.mjs';

let env;
before(async () => { env = await startAll(); });
after(async () => { await env?.stop(); });

const participantNames = (page) =>
  page.getByRole('list', { name: 'Participants', exact: true }).locator('.person-name').allTextContents();

// Issue 16 item 10: a kick holds. The kicked browser keeps its token and its device id, so a reload
// is refused (banned) instead of joining again under the remembered name, until the host lifts it.
test('a kicked guest stays out on reload until the host lets them back in', async () => {
  const ann = await newUser(env);
  const bob = await newUser(env);
  const code = await createSession(ann, { name: 'Ann' });
  await joinByCode(bob, code, 'Bob');

  await ann.getByRole('button', { name: 'Kick Bob' }).click();
  await bob.getByRole('heading', { name: 'You were removed' }).waitFor();
  await bob.getByText('The host removed you from this session').waitFor();

  await bob.reload();
  await bob.getByRole('heading', { name: 'You were removed' }).waitFor();
  await bob.getByText('The host removed you from this session').waitFor();
  await checkA11y(bob, 'banned screen');
  assert.deepEqual((await participantNames(ann)).map((n) => n.replace(' (you)', '')), ['Ann']);

  // Forgetting the token does not help from the same browser: the device is banned too.
  await bob.evaluate((c) => localStorage.removeItem(`huddle.token.${c}`), code);
  await bob.reload();
  await bob.getByRole('heading', { name: 'You were removed' }).waitFor();

  const removed = ann.getByRole('list', { name: 'Removed participants' });
  await removed.getByText('Bob').waitFor();
  await ann.getByRole('button', { name: 'Let back in: Bob' }).click();
  await eventually(async () => assert.equal(await removed.count(), 0));

  await bob.reload();
  await bob.getByRole('list', { name: 'Participants', exact: true }).waitFor();
  await eventually(async () => assert.deepEqual((await participantNames(ann)).map((n) => n.replace(' (you)', '')).sort(), ['Ann', 'Bob']));
});
