import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, newUser, checkA11y, shot, phone, eventually,
  coachingServerEnv, registerAccount as register, grantCoach as grantCoachRole, clearOfSlotBoundary,
} from './harness.mjs';

let env;
before(async () => { env = await startAll({ serverEnv: coachingServerEnv }); });
after(async () => { await env?.stop(); });

const grantCoach = (email) => grantCoachRole(env, email);

async function openCoach(page, coachName) {
  await page.goto('/coaching');
  await page.getByRole('link', { name: coachName }).click();
  await page.getByRole('heading', { name: coachName, level: 1 }).waitFor();
  await page.getByLabel('Length').selectOption('15');
  await page.getByRole('group', { name: 'Free slots' }).getByRole('button').first().waitFor();
}

test('a coach publishes availability, two clients race for a slot, one books it and runs the session to completion', async () => {
  const coach = await newUser(env);
  const coachEmail = await register(coach, 'Grace Coach');
  await grantCoach(coachEmail);

  await coach.goto('/coaching/availability');
  const editor = coach.getByRole('form', { name: 'My availability' });
  await editor.getByLabel(/Time zone/).fill('UTC');
  await editor.getByRole('button', { name: 'Every day, all day' }).click();
  await editor.getByLabel(/About you/).fill('Career and leadership coaching');
  await editor.getByRole('button', { name: 'Save availability' }).click();
  await coach.getByText('Availability saved.').waitFor();
  await checkA11y(coach, 'availability editor');

  const ann = await newUser(env);
  const bob = await newUser(env, phone);
  await register(ann, 'Ann');
  await register(bob, 'Bob');
  await clearOfSlotBoundary();
  await openCoach(ann, 'Grace Coach');
  await openCoach(bob, 'Grace Coach');

  // Both look at the same first slot; Ann books it; it vanishes from Bob's screen without a reload.
  const first = ann.getByRole('group', { name: 'Free slots' }).getByRole('button').first();
  const slotName = await first.getAttribute('aria-label');
  assert.equal(await bob.getByRole('button', { name: slotName, exact: true }).count(), 1);
  await bob.getByRole('button', { name: slotName, exact: true }).click();
  await first.click();
  await ann.getByLabel('Topic').fill('Next career step');
  await checkA11y(ann, 'booking form');
  await shot(ann, 'coaching-booking-1280');
  await ann.getByRole('button', { name: 'Book this slot' }).click();
  await ann.waitForURL(/\/coaching\/sessions\/[0-9a-f-]{36}$/);
  await eventually(async () => assert.equal(await bob.getByRole('button', { name: slotName, exact: true }).count(), 0));
  await bob.getByText(/was just booked by someone else/).first().waitFor();
  await shot(bob, 'coaching-slot-gone-375');

  // Bob had chosen that slot: the choice is cleared when it vanishes, so he cannot submit it.
  assert.equal(await bob.getByRole('button', { name: 'Book this slot' }).isDisabled(), true);

  // Ann starts the session (its slot is within 15 minutes), the coach completes it, Ann rates it.
  const status = (page) => page.getByTestId('session-status').textContent();
  assert.equal(await status(ann), 'Scheduled');
  await checkA11y(ann, 'session details');
  await ann.getByRole('button', { name: 'Start session' }).click();
  await eventually(async () => assert.equal(await status(ann), 'In progress'));

  await coach.goto('/coaching');
  await coach.getByRole('link', { name: 'Next career step' }).click();
  await eventually(async () => assert.equal(await status(coach), 'In progress'));
  const record = coach.getByRole('form', { name: 'Complete the session' });
  await record.getByLabel('Notes').fill('Clear goals; strong examples.');
  await record.getByLabel(/Action items/).fill('Update CV\nCall two mentors');
  await record.getByRole('button', { name: 'Complete session' }).click();
  await eventually(async () => assert.equal(await status(coach), 'Completed'));

  // Ann sees the completion live, with the coach's notes and action items, and adds her rating.
  await eventually(async () => assert.equal(await status(ann), 'Completed'));
  await ann.getByRole('list', { name: 'Action items' }).getByText('Call two mentors').waitFor();
  const rate = ann.getByRole('form', { name: 'Add your part' });
  await rate.getByRole('radio', { name: '5' }).check();
  await rate.getByLabel('Feedback').fill('Very helpful');
  await rate.getByRole('button', { name: 'Save' }).click();
  await ann.getByText('5 / 5').waitFor();
  await eventually(async () => assert.match(await coach.getByRole('region', { name: 'Session record' }).textContent(), /5 \/ 5/));
  await shot(ann, 'coaching-completed-1280');
  await checkA11y(ann, 'completed session');
});

test('a client sees the late-cancellation fee before confirming, and the freed slot comes back', async () => {
  const coach = await newUser(env);
  const coachEmail = await register(coach, 'Lin Coach');
  await grantCoach(coachEmail);
  await coach.goto('/coaching/availability');
  const editor = coach.getByRole('form', { name: 'My availability' });
  await editor.getByLabel(/Time zone/).fill('UTC');
  await editor.getByRole('button', { name: 'Every day, all day' }).click();
  await editor.getByRole('button', { name: 'Save availability' }).click();
  await coach.getByText('Availability saved.').waitFor();

  const cat = await newUser(env);
  await register(cat, 'Cat');
  await clearOfSlotBoundary();
  await openCoach(cat, 'Lin Coach');
  const first = cat.getByRole('group', { name: 'Free slots' }).getByRole('button').first();
  const slotName = await first.getAttribute('aria-label');
  await first.click();
  await cat.getByLabel('Topic').fill('Quick check-in');
  await cat.getByRole('button', { name: 'Book this slot' }).click();
  await cat.waitForURL(/\/coaching\/sessions\//);

  const watcher = await newUser(env);
  await openCoach(watcher, 'Lin Coach');
  assert.equal(await watcher.getByRole('button', { name: slotName, exact: true }).count(), 0);

  await cat.getByRole('button', { name: 'Cancel session…' }).click();
  await cat.getByText(/late-cancellation fee of/).waitFor();
  await cat.getByLabel('Reason').fill('Something came up');
  await cat.getByRole('button', { name: 'Confirm cancellation' }).click();
  await eventually(async () => assert.equal(await cat.getByTestId('session-status').textContent(), 'Cancelled'));
  await cat.getByText(/Fee charged:/).waitFor();
  await eventually(async () => assert.equal(await watcher.getByRole('button', { name: slotName, exact: true }).count(), 1));
});
