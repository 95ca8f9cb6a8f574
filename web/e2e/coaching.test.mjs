import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, newUser, checkA11y, shot, phone, eventually,
  coachingServerEnv, coachingAdmin, adminPage, coachingPassword as password, registerAccount as register, grantCoach as grantCoachRole, clearOfSlotBoundary,
} from './harness.mjs';

let env;
before(async () => { env = await startAll({ serverEnv: coachingServerEnv }); });
after(async () => { await env?.stop(); });

const grantCoach = (email) => grantCoachRole(env, email);

const api = async (path, { token, method = 'GET', body } = {}) => {
  const r = await fetch(`${env.base}${path}`, {
    method,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, body: r.status === 204 ? null : await r.json() };
};

/** A coach made through the API (faster than the screens, which other tests cover), free all day every day in UTC. */
async function apiCoach(name) {
  const email = `${name.toLowerCase().replace(/\W/g, '')}-${Date.now()}@example.com`;
  const registered = await api('/api/auth/register', { method: 'POST', body: { email, password, name } });
  assert.equal(registered.status, 201);
  await grantCoach(email);
  const windows = [0, 1, 2, 3, 4, 5, 6].map((d) => ({ dayOfWeek: d, start: '00:00', end: '24:00' }));
  const put = await api('/api/coaches/me/availability', { method: 'PUT', token: registered.body.accessToken, body: { timeZone: 'UTC', windows, exceptions: [] } });
  assert.equal(put.status, 200);
  return registered.body.account.id;
}

/** The slot buttons' names, as the page labels them (day and time in the browser's zone). */
const slotNames = (page) => page.getByRole('group', { name: 'Free slots' }).getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')));

/** The names the page would give to 15-minute slots at these instants. */
const namesOf = (page, isoList) => page.evaluate((list) => list.map((iso) => {
  const d = new Date(iso);
  return `${d.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' })} ${d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' })}`;
}), isoList);

const quarterHoursOf = (date) => Array.from({ length: 96 }, (_, i) => new Date(Date.parse(`${date}T00:00:00Z`) + i * 15 * 60_000).toISOString());

/**
 * The bootstrap admin signs in on /admin (on a phone) and makes this account a coach from the
 * People section; making themselves not an admin is refused with a clear error.
 */
async function grantCoachOnAdminPage(email) {
  const admin = await adminPage(env);
  const people = admin.getByRole('region', { name: 'People' });
  const search = people.getByRole('search');
  await search.getByLabel('Find people by e-mail or name').fill(coachingAdmin.email);
  await search.getByRole('button', { name: 'Search' }).click();
  await people.getByRole('button', { name: `Remove admin: ${coachingAdmin.email}` }).click();
  await people.getByRole('alert').filter({ hasText: 'You cannot remove your own admin role: ask another admin.' }).waitFor();
  await people.getByRole('button', { name: `Remove admin: ${coachingAdmin.email}` }).waitFor();

  await search.getByLabel('Find people by e-mail or name').fill(email.toUpperCase());
  await search.getByRole('button', { name: 'Search' }).click();
  const person = people.getByRole('listitem', { name: email });
  await person.getByRole('button', { name: `Make coach: ${email}` }).click();
  await people.getByRole('status').filter({ hasText: `(${email}) is now a coach.` }).waitFor();
  assert.equal(await person.getByTestId('roles').textContent(), 'client, coach');
  await person.getByRole('button', { name: `Remove coach: ${email}` }).waitFor();
  assert.equal(await people.getByRole('alert').count(), 0);
  await checkA11y(admin, 'admin people');
  await shot(admin, 'admin-people-375');
  await admin.context().close();
}

/** A coach signed in on the availability editor, with every day all day in UTC filled in (not saved yet). */
async function coachInEditor(name, grant = grantCoach) {
  const coach = await newUser(env);
  await grant(await register(coach, name));
  await coach.goto('/coaching/availability');
  const editor = coach.getByRole('form', { name: 'My availability' });
  await editor.getByLabel(/Time zone/).fill('UTC');
  await editor.getByRole('button', { name: 'Every day, all day' }).click();
  return { coach, editor };
}

async function openCoach(page, coachName) {
  await page.goto('/coaching');
  await page.getByRole('link', { name: coachName }).click();
  await page.getByRole('heading', { name: coachName, level: 1 }).waitFor();
  await page.getByLabel('Length').selectOption('15');
  await page.getByRole('group', { name: 'Free slots' }).getByRole('button').first().waitFor();
}

test('a coach publishes availability, two clients race for a slot, one books it and runs the session to completion', async () => {
  // The coach role comes from the admin page, as an admin would grant it.
  const { coach, editor } = await coachInEditor('Grace Coach', grantCoachOnAdminPage);
  await editor.getByLabel(/About you/).fill('Career and leadership coaching');
  await editor.getByRole('button', { name: 'Save availability' }).click();
  await coach.getByText('Availability saved.').waitFor();
  await checkA11y(coach, 'availability editor');

  const ann = await newUser(env);
  const bob = await newUser(env, phone);
  const cy = await newUser(env);
  await register(ann, 'Ann');
  await register(bob, 'Bob');
  await register(cy, 'Cy');
  await clearOfSlotBoundary();
  await openCoach(ann, 'Grace Coach');
  await openCoach(bob, 'Grace Coach');
  await openCoach(cy, 'Grace Coach');

  // All three look at the same first slot and choose it; Ann and Bob both submit it.
  const first = ann.getByRole('group', { name: 'Free slots' }).getByRole('button').first();
  const slotName = await first.getAttribute('aria-label');
  for (const page of [bob, cy]) assert.equal(await page.getByRole('button', { name: slotName, exact: true }).count(), 1);
  await first.click();
  await bob.getByRole('button', { name: slotName, exact: true }).click();
  await cy.getByRole('button', { name: slotName, exact: true }).click();
  await ann.getByLabel('Topic').fill('Next career step');
  await bob.getByLabel('Topic').fill('Next career step');
  await checkA11y(ann, 'booking form');
  await shot(ann, 'coaching-booking-1280');

  // Both requests are held until both have been sent, so they reach the server together: a real race.
  let arrived = 0;
  let releaseBoth;
  const bothSent = new Promise((resolve) => { releaseBoth = resolve; });
  const hold = async (route) => {
    if (++arrived === 2) releaseBoth();
    await bothSent;
    await route.continue();
  };
  const isBooking = (r) => r.url().endsWith('/api/sessions/book') && r.request().method() === 'POST';
  const isSlotList = (r) => /\/api\/coaches\/[0-9a-f-]{36}\/availability\?/.test(r.url());
  const racers = [ann, bob];
  for (const page of racers) await page.route('**/api/sessions/book', hold);
  const answers = racers.map((page) => page.waitForResponse(isBooking));
  // Each racer's traffic in order: the booking's answer, then (for the loser) a fresh slot list.
  const traffic = racers.map((page) => {
    const log = [];
    page.on('response', (r) => { if (isBooking(r)) log.push('answer'); });
    page.on('request', (r) => { if (isSlotList(r)) log.push('slots'); });
    return log;
  });
  await Promise.all(racers.map((page) => page.getByRole('button', { name: 'Book this slot' }).click()));
  const statuses = (await Promise.all(answers)).map((r) => r.status());
  for (const page of racers) await page.unroute('**/api/sessions/book', hold);

  assert.deepEqual([...statuses].sort(), [201, 409], `exactly one booking wins: ${statuses}`);
  const [winner, loser] = statuses[0] === 201 ? [ann, bob] : [bob, ann];
  await winner.waitForURL(/\/coaching\/sessions\/[0-9a-f-]{36}$/);

  // The loser is told plainly, the slot stays gone (the optimistic removal was the truth), and the list is fetched again.
  await loser.getByRole('alert').filter({ hasText: /just booked by someone else/ }).waitFor();
  const loserTraffic = traffic[racers.indexOf(loser)];
  await eventually(async () => assert.ok(loserTraffic.slice(loserTraffic.indexOf('answer')).includes('slots'), `a fresh slot list after the refusal: ${loserTraffic}`));
  assert.equal(await loser.getByRole('button', { name: slotName, exact: true }).count(), 0);
  assert.ok((await slotNames(loser)).length > 0, 'the fresh list still offers other slots');
  assert.equal(await loser.getByRole('button', { name: 'Book this slot' }).isDisabled(), true);
  await shot(loser, statuses[0] === 201 ? 'coaching-slot-lost-375' : 'coaching-slot-lost-1280');

  // Cy chose it without submitting: it vanishes from his screen without a reload, with a notice, and he cannot submit it.
  await eventually(async () => assert.equal(await cy.getByRole('button', { name: slotName, exact: true }).count(), 0));
  await cy.getByText(/was just booked by someone else/).first().waitFor();
  assert.equal(await cy.getByRole('button', { name: 'Book this slot' }).isDisabled(), true);

  // The winner starts the session (its slot is within 15 minutes), the coach completes it, the winner rates it.
  const status = (page) => page.getByTestId('session-status').textContent();
  assert.equal(await status(winner), 'Scheduled');
  await checkA11y(winner, 'session details');
  await winner.getByRole('button', { name: 'Start session' }).click();
  await eventually(async () => assert.equal(await status(winner), 'In progress'));

  await coach.goto('/coaching');
  await coach.getByRole('link', { name: 'Next career step' }).click();
  await eventually(async () => assert.equal(await status(coach), 'In progress'));
  const record = coach.getByRole('form', { name: 'Complete the session' });
  await record.getByLabel('Notes').fill('Clear goals; strong examples.');
  await record.getByLabel(/Action items/).fill('Update CV\nCall two mentors');
  await record.getByRole('button', { name: 'Complete session' }).click();
  await eventually(async () => assert.equal(await status(coach), 'Completed'));

  // The winner sees the completion live, with the coach's notes and action items, and adds her rating.
  await eventually(async () => assert.equal(await status(winner), 'Completed'));
  await winner.getByRole('list', { name: 'Action items' }).getByText('Call two mentors').waitFor();
  const rate = winner.getByRole('form', { name: 'Add your part' });
  await rate.getByRole('radio', { name: '5' }).check();
  await rate.getByLabel('Feedback').fill('Very helpful');
  await rate.getByRole('button', { name: 'Save' }).click();
  await winner.getByText('5 / 5').waitFor();
  await eventually(async () => assert.match(await coach.getByRole('region', { name: 'Session record' }).textContent(), /5 \/ 5/));
  await shot(winner, 'coaching-completed-1280');
  await checkA11y(winner, 'completed session');
});

test('a client sees the late-cancellation fee before confirming, and the freed slot comes back', async () => {
  const { coach, editor } = await coachInEditor('Lin Coach');
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

test('a coach marks a day unavailable and gives another its own hours: clients see it at once, and saving again keeps it', async () => {
  const { coach, editor } = await coachInEditor('Eve Coach');
  const saved = () => coach.waitForResponse((r) => r.url().endsWith('/api/coaches/me/availability') && r.request().method() === 'PUT');
  let put = saved();
  await editor.getByRole('button', { name: 'Save availability' }).click();
  assert.equal((await put).status(), 200);

  const dan = await newUser(env);
  await register(dan, 'Dan');
  await clearOfSlotBoundary();
  await openCoach(dan, 'Eve Coach');
  const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const [off, short] = [day(2), day(3)];
  const offNames = await namesOf(dan, quarterHoursOf(off));
  const shortNames = await namesOf(dan, quarterHoursOf(short));
  const shown = async (names) => { const list = new Set(await slotNames(dan)); return names.filter((n) => list.has(n)); };
  assert.equal((await shown(offNames)).length, 96);

  // A day off, and a short day (09:00–10:00 UTC only).
  await editor.getByLabel('Date', { exact: true }).fill(off);
  assert.equal(await editor.getByLabel('Not available that day').isChecked(), true);
  await editor.getByRole('button', { name: 'Add exception' }).click();
  await editor.getByLabel('Date', { exact: true }).fill(short);
  await editor.getByLabel('Not available that day').uncheck();
  const window1 = editor.getByRole('group', { name: 'Exception window 1' });
  await window1.getByLabel('From').fill('09:00');
  await window1.getByLabel('To').fill('10:00');
  await editor.getByRole('button', { name: 'Add exception' }).click();
  const listed = editor.getByRole('list', { name: 'Date exceptions' });
  await listed.getByText(`${off}: not available`).waitFor();
  await listed.getByText(`${short}: 09:00–10:00`).waitFor();
  await checkA11y(coach, 'availability editor with exceptions');
  put = saved();
  await editor.getByRole('button', { name: 'Save availability' }).click();
  assert.equal((await put).status(), 200);

  // Dan's open page drops that day's slots and keeps only the short day's hour, without a reload.
  await eventually(async () => assert.deepEqual(await shown(offNames), []));
  await eventually(async () => assert.deepEqual(await shown(shortNames), shortNames.slice(36, 40)));

  // The editor loads the exceptions back; saving again keeps them; removing one removes it.
  await coach.reload();
  await listed.getByText(`${off}: not available`).waitFor();
  put = saved();
  await editor.getByRole('button', { name: 'Save availability' }).click();
  assert.equal((await put).status(), 200);
  const coachId = (await api('/api/coaches')).body.find((c) => c.name === 'Eve Coach').id;
  assert.deepEqual((await api(`/api/coaches/${coachId}`)).body.exceptions, [
    { date: off, windows: [] }, { date: short, windows: [{ start: '09:00', end: '10:00' }] },
  ]);
  await editor.getByRole('button', { name: `Remove exception ${short}` }).click();
  put = saved();
  await editor.getByRole('button', { name: 'Save availability' }).click();
  assert.equal((await put).status(), 200);
  assert.deepEqual((await api(`/api/coaches/${coachId}`)).body.exceptions, [{ date: off, windows: [] }]);
  await eventually(async () => assert.equal((await shown(shortNames)).length, 96));
  assert.deepEqual(await shown(offNames), []);

  // The weekly grid: a click clears Monday 00:00, the keyboard (arrow, Space) Monday 00:30, a drag Tuesday–Wednesday 01:00–02:00.
  const grid = editor.getByRole('grid', { name: 'Weekly availability' });
  const cell = (name) => grid.getByRole('gridcell', { name });
  await cell('Monday 00:00–00:30').click();
  await coach.keyboard.press('ArrowDown');
  await coach.keyboard.press('Space');
  assert.equal(await cell('Monday 00:30–01:00').getAttribute('aria-selected'), 'false');
  await cell('Tuesday 01:00–01:30').hover();
  await coach.mouse.down();
  await cell('Wednesday 01:30–02:00').hover();
  await coach.mouse.up();
  assert.equal(await cell('Wednesday 01:00–01:30').getAttribute('aria-selected'), 'false');
  put = saved();
  await editor.getByRole('button', { name: 'Save availability' }).click();
  assert.equal((await put).status(), 200);
  const windows = (await api(`/api/coaches/${coachId}`)).body.windows;
  assert.deepEqual(windows.filter((w) => w.dayOfWeek >= 1 && w.dayOfWeek <= 3), [
    { dayOfWeek: 1, start: '01:00', end: '24:00' },
    { dayOfWeek: 2, start: '00:00', end: '01:00' }, { dayOfWeek: 2, start: '02:00', end: '24:00' },
    { dayOfWeek: 3, start: '00:00', end: '01:00' }, { dayOfWeek: 3, start: '02:00', end: '24:00' },
  ]);
});

test('the coach directory shows each coach\'s next free hour, and it moves live when that hour is booked and comes back when cancelled', async () => {
  const coachId = await apiCoach('Hal Coach');
  const client = await api('/api/auth/register', { method: 'POST', body: { email: `fay-${Date.now()}@example.com`, password, name: 'Fay' } });
  const viewer = await newUser(env);
  await clearOfSlotBoundary(60);
  await viewer.goto('/coaching');
  const entry = viewer.getByRole('listitem').filter({ has: viewer.getByRole('link', { name: 'Hal Coach', exact: true }) });
  const label = (iso) => viewer.evaluate((i) => new Date(i).toLocaleString(undefined,
    { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }), iso);
  const showsNext = async (iso) => {
    const expected = `Next free hour: ${await label(iso)}`;
    await eventually(async () => assert.ok((await entry.textContent()).includes(expected), `${await entry.textContent()} shows ${expected}`));
  };
  const next = (await api('/api/coaches')).body.find((c) => c.id === coachId).nextFreeSlot;
  await showsNext(next.start);
  await checkA11y(viewer, 'coach directory');

  const booked = await api('/api/sessions/book', {
    method: 'POST', token: client.body.accessToken,
    body: { title: 'Directory check', scheduledAt: next.start, durationMinutes: 60, coachId },
  });
  assert.equal(booked.status, 201);
  await showsNext(next.end);

  const cancelled = await api(`/api/sessions/${booked.body.id}/cancel`, { method: 'POST', token: client.body.accessToken, body: { reason: 'Changed plans' } });
  assert.equal(cancelled.status, 200);
  await showsNext(next.start);
});

test('a client reschedules a session to another free slot: same session, the old time is free again', async () => {
  const coachId = await apiCoach('Ray Coach');
  const gil = await newUser(env, phone);
  await register(gil, 'Gil');
  const token = await gil.evaluate(() => JSON.parse(localStorage.getItem('huddle.coaching.auth')).accessToken);
  const from = new Date(Date.now() + 2 * 86_400_000);
  const later = (await api(`/api/coaches/${coachId}/availability?from=${from.toISOString()}&durationMinutes=60`)).body[0];
  const booked = await api('/api/sessions/book', {
    method: 'POST', token, body: { title: 'Plan review', scheduledAt: later.start, durationMinutes: 60, coachId },
  });
  assert.equal(booked.status, 201);

  await gil.goto(`/coaching/sessions/${booked.body.id}`);
  await gil.getByRole('button', { name: 'Reschedule…' }).click();
  const box = gil.getByRole('group', { name: 'Reschedule the session' });
  await box.getByText('Moving it now is free.').waitFor();
  await box.getByLabel('New time').selectOption({ index: 1 });
  const target = await box.getByLabel('New time').inputValue();
  await checkA11y(gil, 'reschedule box');
  await box.getByRole('button', { name: 'Confirm new time' }).click();
  await gil.getByText(/Session moved to/).first().waitFor();

  const moved = (await api(`/api/sessions/${booked.body.id}`, { token })).body;
  assert.equal(Date.parse(moved.scheduledAt), Date.parse(target));
  assert.equal(moved.status, 'scheduled');
  assert.equal(moved.rescheduleFeeCents, 0);
  await gil.getByRole('region', { name: 'History' }).getByText(/reschedule by the client/).waitFor();
  const free = (await api(`/api/coaches/${coachId}/availability?from=${from.toISOString()}&durationMinutes=60`)).body;
  assert.ok(free.some((s) => s.start === later.start), 'the old slot is offered again');
  await shot(gil, 'coaching-reschedule-375');
});
