import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, newUser, checkA11y, shot, phone, eventually,
  coachingServerEnv, registerAccount, loginAccount, grantCoach, clearOfSlotBoundary,
} from './harness.mjs';

let env;
before(async () => { env = await startAll({ serverEnv: coachingServerEnv }); });
after(async () => { await env?.stop(); });

const json = (token, body) => ({
  headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body),
});

/** A coach free all day and a client with a booking in the next 15-minute slot (so it may start now). */
async function bookedSession(coachPage, clientPage) {
  const coachEmail = await registerAccount(coachPage, 'Grace Coach');
  await grantCoach(env, coachEmail);
  const coach = await loginAccount(env, coachEmail);
  const windows = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, start: '00:00', end: '24:00' }));
  const put = await fetch(`${env.base}/api/coaches/me/availability`, { method: 'PUT', ...json(coach.accessToken, { timeZone: 'UTC', windows, exceptions: [] }) });
  assert.equal(put.status, 200);

  const client = await loginAccount(env, await registerAccount(clientPage, 'Ann'));
  await clearOfSlotBoundary();
  const slots = await (await fetch(`${env.base}/api/coaches/${coach.account.id}/availability?durationMinutes=15`)).json();
  const booked = await fetch(`${env.base}/api/sessions/book`, {
    method: 'POST', ...json(client.accessToken, { title: 'Live chat', scheduledAt: slots[0].start, durationMinutes: 15, coachId: coach.account.id }),
  });
  assert.equal(booked.status, 201);
  return (await booked.json()).id;
}

test('coach and client in the live room see each other present, and notes typed by one appear at the other', async () => {
  const coach = await newUser(env);
  const ann = await newUser(env, phone);
  const id = await bookedSession(coach, ann);
  await coach.goto(`/coaching/sessions/${id}`);
  await ann.goto(`/coaching/sessions/${id}`);

  await ann.getByRole('button', { name: 'Start session' }).click();

  const room = (page) => page.getByRole('region', { name: 'Live room' });
  const here = (page) => room(page).getByRole('list', { name: 'In the room' }).locator('li.present .person-name');
  await eventually(async () => assert.equal(await room(coach).getByTestId('room-status').textContent(), 'Live'));
  await eventually(async () => assert.equal(await room(ann).getByTestId('room-status').textContent(), 'Live'));
  await eventually(async () => assert.deepEqual((await here(coach).allTextContents()).sort(), ['Ann', 'Grace Coach (you)']));
  await eventually(async () => assert.deepEqual((await here(ann).allTextContents()).sort(), ['Ann (you)', 'Grace Coach']));

  const coachNotes = room(coach).getByLabel(/Shared notes/);
  const annNotes = room(ann).getByLabel(/Shared notes/);
  await coachNotes.click();
  await coachNotes.pressSequentially('Goals: a new CV');
  await eventually(async () => assert.equal(await annNotes.inputValue(), 'Goals: a new CV'));
  await annNotes.click();
  await annNotes.press('End');
  await annNotes.pressSequentially(' and a portfolio');
  await eventually(async () => assert.equal(await coachNotes.inputValue(), 'Goals: a new CV and a portfolio'));
  await room(coach).getByText('Last edited by Ann').waitFor();
  await checkA11y(coach, 'coaching live room');
  await shot(ann, 'coaching-live-room-phone');

  // The coach's completion form starts from the shared notes; completing ends the room for both.
  const record = coach.getByRole('form', { name: 'Complete the session' });
  assert.equal(await record.getByLabel('Notes', { exact: true }).inputValue(), 'Goals: a new CV and a portfolio');
  await record.getByRole('button', { name: 'Complete session' }).click();
  await eventually(async () => assert.equal(await room(ann).getByTestId('room-status').textContent(), 'The room has ended'));
  assert.equal(await annNotes.inputValue(), 'Goals: a new CV and a portfolio');
  assert.equal(await annNotes.getAttribute('readonly'), '');
  await coach.getByText('Goals: a new CV and a portfolio', { exact: true }).first().waitFor();
});
