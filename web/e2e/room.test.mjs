import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newUser, createSession, joinByCode, checkA11y, shot, phone, eventually } from './harness.mjs';

let env;
before(async () => { env = await startAll(); });
after(async () => { await env?.stop(); });

test('a room relays events between browsers and shows presence', async () => {
  const ann = await newUser(env);
  const bob = await newUser(env);
  const code = await createSession(ann, { name: 'Ann', kind: 'room', title: 'Whiteboard' });
  await joinByCode(bob, code, 'Bob');
  await ann.getByText('Bob joined').waitFor();
  // User text is isolated from the text around it (a right-to-left name cannot reorder " (you)" or a badge).
  const people = ann.getByRole('list', { name: 'Participants', exact: true });
  await people.locator('bdi', { hasText: /^Bob$/ }).waitFor();
  await people.locator('bdi', { hasText: /^Ann$/ }).waitFor();
  assert.equal(await ann.getByRole('heading', { level: 1 }).locator('bdi').textContent(), 'Whiteboard');

  const send = bob.getByRole('form', { name: 'Send an event' });
  await send.getByLabel('Event name').fill('Bad Name');
  await send.getByRole('button', { name: 'Send event' }).click();
  await send.getByRole('alert').waitFor();

  await send.getByLabel('Event name').fill('cursor:move');
  await send.getByLabel(/Data/).fill('{"x": 10, "y": 20}');
  await send.getByRole('button', { name: 'Send event' }).click();
  const log = ann.getByRole('list', { name: 'Event log' });
  await eventually(async () => assert.match(await log.textContent(), /Bob\s*cursor:move\s*\{"x":10,"y":20\}/));
  await log.locator('strong bdi', { hasText: /^Bob$/ }).waitFor();
  await eventually(async () => assert.match(await bob.getByRole('list', { name: 'Event log' }).textContent(), /You\s*cursor:move/));

  await shot(ann, 'room-1280');
  await checkA11y(ann, 'room (desktop)');
  await ann.getByRole('button', { name: 'Show QR code' }).click();
  await ann.getByRole('img', { name: /QR code linking to/ }).waitFor();
  await ann.setViewportSize(phone);
  await shot(ann, 'room-375');
  await checkA11y(ann, 'room (phone)');

  // Bob drops; Ann sees him go away; the host kicks him after he is back.
  await bob.close();
  await ann.getByText(/Bob (lost connection|left)/).waitFor();

  // Ended: the host's read-only room, and the "Session ended" screen a late visitor gets.
  await ann.getByRole('button', { name: 'Host controls' }).click();
  await ann.getByRole('button', { name: 'End session' }).click();
  await ann.getByRole('button', { name: 'Yes, end session' }).click();
  await ann.getByText('This session has ended. It is read-only now.').waitFor();
  await ann.keyboard.press('Escape');
  await checkA11y(ann, 'ended room (host, phone)');
  const late = await newUser(env, phone);
  await late.goto(`/s/${code}`);
  await late.getByRole('heading', { name: /Session ended|Join/ }).first().waitFor();
  await checkA11y(late, 'ended room (late visitor, phone)');
  await late.context().close();
});
