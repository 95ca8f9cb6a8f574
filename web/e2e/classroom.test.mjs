import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newUser, joinByCode, checkA11y, shot, phone, eventually, createQa, ask } from './harness.mjs';
import { readFile } from 'node:fs/promises';

let env;
before(async () => { env = await startAll(); });
after(async () => { await env?.stop(); });

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
  assert.equal(await later.getByRole('button', { name: 'Download CSV' }).count(), 0); // no token for this session

  // The host comes back after the end: the read-only view still offers the export, from the stored host token.
  await host.reload();
  await host.getByRole('heading', { name: 'Session ended' }).waitFor();
  const [download] = await Promise.all([host.waitForEvent('download'), host.getByRole('button', { name: 'Download CSV' }).click()]);
  assert.equal(download.suggestedFilename(), `questions-${code}.csv`);
  const csv = await readFile(await download.path(), 'utf8');
  assert.match(csv, /^\uFEFFquestion_id,text,status,pinned,votes,author,asked_at,edited_at,answered_at\r\n/);
  assert.match(csv, /,Will this be recorded\?,answered,false,0,Cy,/);
  await checkA11y(host, 'ended Q&A for the host');

  // A student's stored token is not the host's: the server refuses it, and no button is offered.
  const probe = student.waitForResponse((r) => r.url().endsWith(`/api/sessions/${code}/questions.csv`));
  await student.reload();
  assert.equal((await probe).status(), 403);
  await eventually(async () => assert.deepEqual(await listTexts(student, 'Answered questions'), ['Will this be recorded?']));
  assert.equal(await student.getByRole('button', { name: 'Download CSV' }).count(), 0);
});

test('the ask box counts as the server does; own questions are deleted, others hidden; asking too fast is refused clearly', async () => {
  const teacher = await newUser(env);
  const code = await createQa(teacher, { name: 'Dr Count' });
  const cy = await newUser(env, phone);
  await joinByCode(cy, code, 'Cy');

  // 500 accented letters written as letter + combining accent: 1000 code points, 500 characters.
  const accents = 'e\u0301'.repeat(500);
  const box = cy.getByRole('form', { name: 'Ask a question' });
  await box.getByLabel('Your question').fill(`${accents}x`);
  await box.getByText('501 / 500').waitFor();
  assert.equal(await box.getByRole('button', { name: 'Ask' }).isDisabled(), true);
  await box.getByLabel('Your question').fill(`  ${accents}\n`);
  await box.getByText('500 / 500').waitFor();
  await ask(cy, accents); // the server agrees: 500 is allowed
  // A long question shows its first 280 characters (cut between graphemes) until "Show more".
  const cut = `${'e\u0301'.repeat(280)}…`;
  await eventually(async () => assert.deepEqual(await listTexts(teacher, 'Open questions'), [cut]));
  await teacher.getByRole('button', { name: 'Show more' }).click();
  await eventually(async () => assert.deepEqual(await listTexts(teacher, 'Open questions'), [accents]));

  // The edit form has the same counter and limit.
  await cy.getByRole('button', { name: /^Edit: / }).click();
  const edit = cy.getByRole('form', { name: /^Edit: / });
  await edit.getByText('500 / 500').waitFor();
  await edit.getByLabel('Edit your question').fill(`${accents}!`);
  await edit.getByText('501 / 500').waitFor();
  assert.equal(await edit.getByRole('button', { name: 'Save' }).isDisabled(), true);
  await edit.getByRole('button', { name: 'Cancel' }).click();

  // Delete one's own question: gone for everyone.
  await ask(cy, 'Oops, wrong room?');
  await eventually(async () => assert.equal((await listTexts(teacher, 'Open questions')).length, 2));
  await cy.getByRole('button', { name: 'Delete: Oops, wrong room?' }).click();
  for (const page of [cy, teacher]) {
    await eventually(async () => assert.deepEqual(await listTexts(page, 'Open questions'), [page === cy ? cut : accents]));
  }

  // The teacher hides a question: gone from the room's list, marked hidden for its author, kept for the moderators.
  await ask(cy, 'Buy cheap watches here');
  await teacher.getByRole('button', { name: 'Hide: Buy cheap watches here' }).click();
  await eventually(async () => assert.deepEqual(await listTexts(cy, 'Open questions'), [cut]));
  const mine = cy.getByRole('list', { name: 'My questions' }).getByRole('listitem').filter({ hasText: 'Buy cheap watches here' });
  await mine.getByText('Hidden by a moderator').waitFor();
  await teacher.getByText('Hidden questions (1)').click();
  assert.deepEqual(await listTexts(teacher, 'Hidden questions'), ['Buy cheap watches here']);
  assert.deepEqual(await listTexts(teacher, 'Open questions'), [accents]);

  // Five asks a minute, deleted and hidden ones included: the sixth is refused with when to try again.
  await ask(cy, 'Fourth question?');
  await ask(cy, 'Fifth question?');
  await box.getByLabel('Your question').fill('Sixth question?');
  await box.getByRole('button', { name: 'Ask' }).click();
  await cy.getByRole('status', { name: 'Notifications' }).getByText(/You can ask 5 questions a minute\. Try again in \d+ s\./).waitFor();
  assert.equal(await box.getByLabel('Your question').inputValue(), 'Sixth question?'); // kept, to send later
  await eventually(async () => assert.equal((await listTexts(teacher, 'Open questions')).length, 3));
  assert.ok(!(await listTexts(teacher, 'Open questions')).includes('Sixth question?'));
  await checkA11y(cy, 'participant with a hidden question');
});

test('the presenter view fits a 500-character question on a 1920x1080 projector', async () => {
  const teacher = await newUser(env);
  const code = await createQa(teacher, { name: 'Dr Long' });
  const words = 'Why does the entropy of an isolated system never decrease while ';
  const long = words.repeat(10).slice(0, 499) + '?';
  assert.equal(long.length, 500);
  await ask(teacher, long);
  await teacher.getByRole('button', { name: /^Pin: Why does/ }).click();

  const projector = await teacher.context().newPage();
  await projector.setViewportSize({ width: 1920, height: 1080 });
  await projector.goto(`/present/${code}`);
  await eventually(async () => assert.match(await presented(projector), /Now answering/));
  const fit = await projector.evaluate(() => {
    const text = document.querySelector('.presenter-question blockquote p');
    const rect = text.getBoundingClientRect();
    const root = document.documentElement;
    const main = document.querySelector('main').getBoundingClientRect();
    return { bottom: rect.bottom, right: rect.right, height: root.scrollHeight, width: root.scrollWidth, mainWidth: main.width, font: parseFloat(getComputedStyle(text).fontSize), text: text.textContent };
  });
  assert.equal(fit.mainWidth, 1920); // the whole projector, not the app's column
  assert.equal(fit.text, long);
  assert.ok(fit.height <= 1080 && fit.width <= 1920, `the page scrolls: ${fit.width}x${fit.height}`);
  assert.ok(fit.bottom <= 1080 && fit.right <= 1920, `the question overflows: ${JSON.stringify(fit)}`);
  assert.ok(fit.font >= 28, `readable from the back of the room: ${fit.font}px`);
  await shot(projector, 'classroom-presenter-500');

  // A short question gets large type.
  await teacher.getByRole('button', { name: /^Unpin: Why does/ }).click();
  await teacher.getByRole('button', { name: /^Mark answered: Why does/ }).click();
  await ask(teacher, 'Short?');
  await eventually(async () => assert.match(await presented(projector), /Short\?/));
  const font = await projector.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.presenter-question blockquote p')).fontSize));
  assert.ok(font >= 80, `a short question is large: ${font}px`);
});
