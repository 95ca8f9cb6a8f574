import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newUser, joinByCode, checkA11y, shot, phone, eventually, createQa, ask } from './harness.mjs';

let env;
before(async () => { env = await startAll(); });
after(async () => { await env?.stop(); });

const stage = (page) => page.getByRole('region', { name: 'Current poll' });

test('a poll from launch to the projector: two phones answer, results live, the close reveals them everywhere', async () => {
  const teacher = await newUser(env);
  const ana = await newUser(env, phone);
  const ben = await newUser(env, phone);
  const code = await createQa(teacher, { name: 'Prof. Poll', title: 'Biology' });
  await teacher.getByRole('heading', { name: 'Biology' }).waitFor();
  const projector = await teacher.context().newPage();
  await projector.goto(await teacher.getByRole('link', { name: 'Open presenter view' }).getAttribute('href'));
  // Item 2: the join link, code and a QR code are on the projector, with the people present.
  await projector.getByRole('img', { name: /QR code linking to .*\/join\// }).waitFor();
  await joinByCode(ana, code, 'Ana');
  await joinByCode(ben, code, 'Ben');
  await eventually(async () => assert.match(await projector.getByRole('status').filter({ hasText: 'here' }).textContent(), /3 people here/));

  // The teacher prepares and launches a single-choice poll.
  await teacher.getByText('New poll').click();
  await teacher.getByLabel('Poll question').fill('Which cell part makes energy?');
  await teacher.getByPlaceholder('Option 1').fill('Nucleus');
  await teacher.getByPlaceholder('Option 2').fill('Mitochondria');
  await teacher.getByRole('button', { name: 'Launch poll' }).click();

  for (const [page, choice] of [[ana, 'Mitochondria'], [ben, 'Nucleus']]) {
    await page.getByRole('radio', { name: choice }).check();
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.getByRole('button', { name: 'Change answer' }).waitFor();
  }
  await checkA11y(ana, 'poll answer card on a phone');

  // Results are live: the projector shows the question and both answers.
  await eventually(async () => assert.match(await stage(projector).textContent(), /Which cell part makes energy\?.*2 answers/s));
  await eventually(async () => assert.deepEqual(await stage(projector).locator('.bar-count').allTextContents(), ['1', '1']));
  await shot(projector, 'classroom-poll-presenter');

  // Ben changes his mind; the counts follow on the other phone.
  await ben.getByRole('radio', { name: 'Mitochondria' }).check();
  await ben.getByRole('button', { name: 'Change answer' }).click();
  await eventually(async () => assert.deepEqual(await ana.getByLabel('Results').locator('.bar-count').allTextContents(), ['0', '2']));

  // Closed: no more answers; the phones keep the final results.
  await teacher.getByRole('button', { name: 'Close', exact: true }).click();
  await eventually(async () => assert.match(await ana.getByRole('region', { name: 'Polls' }).textContent(), /closed/));
  assert.equal(await ana.getByRole('button', { name: 'Change answer' }).count(), 0);
  await eventually(async () => assert.match(await projector.getByRole('main').textContent(), /No questions yet/));
  await checkA11y(teacher, 'host view with polls');

  // Q&A sorting: Popular (the server's ranking) or Recent (newest first), for everyone.
  await ask(ana, 'First question?');
  await ask(ana, 'Second question?');
  const open = () => ben.getByRole('list', { name: 'Open questions', exact: true }).locator('.q-text').allTextContents();
  await eventually(async () => assert.deepEqual(await open(), ['First question?', 'Second question?']));
  await ben.getByRole('group', { name: 'Sort questions' }).getByRole('button', { name: 'Recent' }).click();
  assert.deepEqual(await open(), ['Second question?', 'First question?']);
});
