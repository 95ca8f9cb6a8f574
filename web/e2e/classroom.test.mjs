import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newUser, joinByCode, checkA11y, shot, phone, eventually } from './harness.mjs';

let env;
before(async () => { env = await startAll(); });
after(async () => { await env?.stop(); });

/** The teacher creates a Q&A from the home page by typing a name; returns the code. */
async function createQa(page, { name, title, moderation = false, anonymous = true }) {
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Start a session' });
  await form.getByRole('radio', { name: 'Q&A' }).check();
  await form.getByLabel('Your name').fill(name);
  if (title) await form.getByLabel(/Title/).fill(title);
  await form.getByRole('checkbox', { name: 'Allow anonymous questions' }).setChecked(anonymous);
  await form.getByRole('checkbox', { name: 'Approve questions before everyone sees them' }).setChecked(moderation);
  await checkA11y(page, 'Q&A create form');
  await form.getByRole('button', { name: 'Start a Q&A' }).click();
  await page.waitForURL(/\/s\/[A-Z0-9]{6}$/);
  await page.getByRole('heading', { name: 'Q&A settings' }).waitFor();
  return page.url().split('/').pop();
}

async function ask(page, text, { anonymous = false } = {}) {
  const form = page.getByRole('form', { name: 'Ask a question' });
  await form.getByLabel('Your question').fill(text);
  if (anonymous) await form.getByRole('checkbox', { name: 'Ask anonymously' }).check();
  await form.getByRole('button', { name: 'Ask' }).click();
  await eventually(async () => assert.equal(await form.getByLabel('Your question').inputValue(), ''));
}

const listTexts = (page, name) => page.getByRole('list', { name, exact: true }).locator('.q-text').allTextContents();
const presented = (page) => page.getByRole('region', { name: 'Current question' }).textContent();

test('a teacher and two students: ask, moderate, upvote, pin, answer — and the projector follows live', async () => {
  const teacher = await newUser(env);
  const ana = await newUser(env, phone);
  const ben = await newUser(env, phone);

  const code = await createQa(teacher, { name: 'Prof. Ada', title: 'Thermodynamics', moderation: true });
  await teacher.getByRole('heading', { name: 'Thermodynamics' }).waitFor();

  // The presenter view opens from the host view, in the same browser (it uses the host's stored token).
  const presenterLink = teacher.getByRole('link', { name: 'Open presenter view' });
  assert.equal(await presenterLink.getAttribute('target'), '_blank');
  const projector = await teacher.context().newPage();
  await projector.goto(await presenterLink.getAttribute('href'));
  await eventually(async () => assert.match(await presented(projector), /No questions yet/));
  assert.match(await projector.getByRole('main').textContent(), new RegExp(`/join/${code} · code ${code}`));

  await joinByCode(ana, code, 'Ana');
  await joinByCode(ben, code, 'Ben');

  // Moderation is on: a new question waits, seen by its author and the teacher only.
  await ask(ana, 'What is entropy, intuitively?');
  await ask(ben, 'Is the exam open book?', { anonymous: true });
  const queue = teacher.getByRole('list', { name: 'Moderation queue' });
  await eventually(async () => assert.equal(await queue.getByRole('listitem').count(), 2));
  assert.match(await queue.textContent(), /Anonymous/);
  assert.doesNotMatch(await queue.textContent(), /Ben/);
  await ana.getByRole('list', { name: 'My questions' }).getByText('Awaiting approval').waitFor();
  assert.deepEqual(await listTexts(ben, 'Open questions'), []);
  assert.deepEqual(await ben.getByRole('list', { name: 'My questions' }).locator('.q-text').allTextContents(), ['Is the exam open book?']);
  await checkA11y(teacher, 'host view with a moderation queue');

  await teacher.getByRole('button', { name: 'Approve: What is entropy, intuitively?' }).click();
  await teacher.getByRole('button', { name: 'Approve: Is the exam open book?' }).click();
  for (const page of [ana, ben, teacher]) {
    await eventually(async () => assert.deepEqual(await listTexts(page, 'Open questions'), ['What is entropy, intuitively?', 'Is the exam open book?']));
  }

  // Anonymity: Ana sees "Anonymous"; Ben knows it is his.
  const bensOnAna = ana.getByRole('list', { name: 'Open questions' }).getByRole('listitem').filter({ hasText: 'Is the exam open book?' });
  assert.match(await bensOnAna.textContent(), /Anonymous/);
  const bensOnBen = ben.getByRole('list', { name: 'Open questions' }).getByRole('listitem').filter({ hasText: 'Is the exam open book?' });
  assert.match(await bensOnBen.textContent(), /you, anonymously/);

  // Upvotes reorder the list for everyone; the projector shows the top question.
  await ana.getByRole('button', { name: 'Upvote: Is the exam open book?' }).click();
  await teacher.getByRole('button', { name: 'Upvote: Is the exam open book?' }).click();
  await eventually(async () => assert.equal(await ana.getByRole('button', { name: 'Upvote: Is the exam open book?' }).getAttribute('aria-pressed'), 'true'));
  for (const page of [ana, ben, teacher]) {
    await eventually(async () => assert.deepEqual(await listTexts(page, 'Open questions'), ['Is the exam open book?', 'What is entropy, intuitively?']));
  }
  await eventually(async () => assert.match(await presented(projector), /Is the exam open book\?.*Anonymous.*2 upvotes/s));
  await checkA11y(ana, 'participant view on a phone');
  await shot(ana, 'classroom-participant-phone');

  // The teacher pins Ana's question: first everywhere, and on the projector.
  await teacher.getByRole('button', { name: 'Pin: What is entropy, intuitively?' }).click();
  for (const page of [ana, ben]) {
    await eventually(async () => assert.deepEqual(await listTexts(page, 'Open questions'), ['What is entropy, intuitively?', 'Is the exam open book?']));
  }
  await eventually(async () => assert.match(await presented(projector), /Now answering.*What is entropy, intuitively\?.*Ana/s));
  await checkA11y(projector, 'presenter view');
  await shot(projector, 'classroom-presenter');

  // Answered: it moves to the answered list, and the projector moves on to the next question.
  await teacher.getByRole('button', { name: 'Mark answered: What is entropy, intuitively?' }).click();
  for (const page of [ana, ben]) {
    await eventually(async () => assert.deepEqual(await listTexts(page, 'Answered questions'), ['What is entropy, intuitively?']));
    assert.deepEqual(await listTexts(page, 'Open questions'), ['Is the exam open book?']);
  }
  await eventually(async () => assert.match(await presented(projector), /Is the exam open book\?/));

  // Ben edits his own unanswered question; with moderation on it goes back for approval.
  await ben.getByRole('button', { name: 'Edit: Is the exam open book?' }).click();
  const edit = ben.getByRole('form', { name: 'Edit: Is the exam open book?' });
  await edit.getByLabel('Edit your question').fill('Is the final exam open book?');
  await edit.getByRole('button', { name: 'Save' }).click();
  await teacher.getByRole('button', { name: 'Approve: Is the final exam open book?' }).click();
  await eventually(async () => assert.deepEqual(await listTexts(ana, 'Open questions'), ['Is the final exam open book?']));

  // A member has no moderation buttons.
  assert.equal(await ana.getByRole('button', { name: /^Mark answered:/ }).count(), 0);
  assert.equal(await ana.getByRole('button', { name: /^Pin:/ }).count(), 0);
  await shot(teacher, 'classroom-host');
});

test('the host is held to three active Q&A sessions by name, and an ended one stays readable by its code', async () => {
  const host = await newUser(env);
  for (let i = 0; i < 3; i++) await createQa(host, { name: 'Dr Limit' });

  await host.goto('/');
  const form = host.getByRole('form', { name: 'Start a session' });
  await form.getByRole('radio', { name: 'Q&A' }).check();
  await form.getByLabel('Your name').fill('dr limit');
  await form.getByRole('button', { name: 'Start a Q&A' }).click();
  await eventually(async () => assert.match(await form.getByRole('alert').textContent(), /already hosts 3 active Q&A sessions/));

  // End the last one after a question was answered; a student opening the code later reads it.
  await host.goBack();
  const code = await createQa(host, { name: 'Someone Else' });
  const student = await newUser(env, phone);
  await joinByCode(student, code, 'Cy');
  await ask(student, 'Will this be recorded?');
  await host.getByRole('button', { name: 'Mark answered: Will this be recorded?' }).click();
  await host.getByRole('button', { name: 'End session' }).click();
  await host.getByRole('button', { name: 'Yes, end session' }).click();
  await host.getByText('This session has ended. It is read-only now.').waitFor();

  const later = await newUser(env, phone);
  await later.goto('/');
  const join = later.getByRole('form', { name: 'Join a session' });
  await join.getByLabel('Session code').fill(code);
  await join.getByLabel('Your name').fill('Late');
  await join.getByRole('button', { name: 'Join' }).click();
  await later.getByRole('heading', { name: 'Session ended' }).waitFor();
  await eventually(async () => assert.deepEqual(await listTexts(later, 'Answered questions'), ['Will this be recorded?']));
  await checkA11y(later, 'ended Q&A');
});
