#!/usr/bin/env node
// Regenerates docs/classroom.md's screens in docs/screenshots/: a phone answering a live poll, a phone
// with the live results after other students answered, the presenter view (projector) with the poll,
// its results and the join code / link / QR code, and the Q&A list on a phone (upvotes, Popular/Recent),
// on a real Huddle server in headless Chromium, driven through the web app's own flows.
//
//   dotnet build Huddle.slnx -c Release        # builds the web app into wwwroot too
//   (cd web && npm ci)                          # playwright-core
//   node scripts/screenshot-classroom.mjs
//
// Needs /usr/bin/chromium (Debian package). Everything temporary is removed.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.env.HUDDLE_SERVER_DLL ??= join(repo, 'src/Huddle.Server/bin/Release/net10.0/Huddle.Server.dll');
const { startAll, newUser, joinByCode, createQa, ask, eventually, phone, desktop } = await import(join(repo, 'web/e2e/harness.mjs'));
const output = join(repo, 'docs/screenshots');

/** Viewport-sized PNG with `section` in view (or the top of the page), no toasts, no hover. */
async function shot(page, name, section) {
  const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
  while (await dismiss.count() > 0) await dismiss.first().click();
  if (section) await section.scrollIntoViewIfNeeded();
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(output, `classroom-${name}.png`) });
}

/** Waits until the result bars inside `locator` count `total` answers (the UI follows the hub asynchronously). */
const answered = (locator, total) => eventually(async () => {
  const counts = await locator.locator('.bar-count').allTextContents();
  if (counts.reduce((sum, c) => sum + Number(c), 0) !== total) throw new Error(`${counts} is not ${total} answers yet`);
});

let env;
try {
  env = await startAll();
  const teacher = await newUser(env);
  const code = await createQa(teacher, { name: 'Prof. Okafor', title: 'Biology 101' });
  // The presenter view is the teacher's own: open it in the teacher's context (same token).
  const presenter = await teacher.context().newPage();
  await presenter.setViewportSize({ ...desktop, height: 800 });
  await presenter.goto(await teacher.getByRole('link', { name: 'Open presenter view' }).getAttribute('href'));
  await presenter.getByRole('img', { name: /QR code linking to .*\/join\// }).waitFor();

  const names = ['Ana', 'Ben', 'Chloé', 'Dev', 'Emi'];
  const students = [];
  for (const name of names) {
    const page = await newUser(env, phone);
    await joinByCode(page, code, name);
    students.push(page);
  }
  const [ana, ben] = students;

  await teacher.getByText('New poll').click();
  await teacher.getByLabel('Poll question').fill('Which part of the cell makes most of its energy?');
  await teacher.getByRole('button', { name: 'Add option' }).click();
  for (const [i, option] of ['Nucleus', 'Mitochondria', 'Ribosome'].entries()) await teacher.getByPlaceholder(`Option ${i + 1}`).fill(option);
  await teacher.getByRole('button', { name: 'Launch poll' }).click();

  // Ana picks her answer; the picture is taken before she sends it.
  const polls = ana.getByRole('region', { name: 'Polls' });
  await ana.getByRole('radio', { name: 'Mitochondria' }).check();
  await shot(ana, 'poll-375', polls);

  for (const [page, choice] of [[ben, 'Nucleus'], [students[2], 'Mitochondria'], [students[3], 'Ribosome'], [students[4], 'Mitochondria'], [ana, 'Mitochondria']]) {
    await page.getByRole('radio', { name: choice }).check();
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.getByRole('button', { name: 'Change answer' }).waitFor();
  }
  await answered(ana.getByLabel('Results'), 5);
  await shot(ana, 'results-375', polls);

  await answered(presenter.getByRole('region', { name: 'Current poll' }), 5);
  await shot(presenter, 'presenter-poll-1280');

  // Questions from several phones, upvoted by others: Popular puts the most upvoted first.
  await ask(ana, 'Do plant cells have mitochondria too?');
  await ask(students[2], 'Will the cell diagram be on the exam?', { anonymous: true });
  await ask(students[3], 'Why does the nucleus need a double membrane?');
  await ask(students[4], 'Can we get the slides after class?');
  for (const [page, question] of [[ben, 'Will the cell diagram be on the exam?'], [students[3], 'Will the cell diagram be on the exam?'],
    [students[4], 'Will the cell diagram be on the exam?'], [ben, 'Do plant cells have mitochondria too?'],
    [students[2], 'Do plant cells have mitochondria too?'], [ana, 'Can we get the slides after class?']]) {
    await page.getByRole('button', { name: `Upvote: ${question}` }).click();
  }
  const open = ben.getByRole('list', { name: 'Open questions', exact: true });
  await eventually(async () => {
    const first = (await open.locator('.q-text').allTextContents())[0];
    if (first !== 'Will the cell diagram be on the exam?') throw new Error('the upvotes have not arrived yet');
  });
  await shot(ben, 'questions-375', ben.getByRole('group', { name: 'Sort questions' }));
  console.log(`Screenshots written to ${output}`);
} finally {
  await env?.stop();
}
