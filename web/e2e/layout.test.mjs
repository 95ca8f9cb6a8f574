// Phone-first screens (issue 18): at 320 and 375 px no screen scrolls sideways, and each kind's
// primary action is in the first 375x812 viewport without scrolling. Long unbroken titles and
// names are used on purpose: they are what used to push pages wider than the phone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, newUser, createSession, joinByCode, createQa, addSong, phone,
  coachingServerEnv, registerAccount, grantCoach,
} from './harness.mjs';

const key = 'e2e-layout-admin-key-0123456789';
let env;
before(async () => { env = await startAll({ serverEnv: { ...coachingServerEnv, Admin__Key: key } }); });
after(async () => { await env?.stop(); });

const longTitle = 'Supercalifragilisticexpialidocious'.repeat(2).slice(0, 60);
const longName = 'Wolfeschlegelsteinha';
const narrow = { width: 320, height: 640 };

/** The page is no wider than the viewport at 320 and at 375 px (then left at 375x812, scrolled to the top). */
async function noSidewaysScroll(page, label) {
  for (const viewport of [narrow, phone]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(50); // one frame for layout after the resize
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    assert.ok(scroll <= width, `${label} at ${viewport.width} px scrolls sideways: ${scroll} > ${width}`);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** The element's box lies inside the first 375x812 viewport, at the top of the page. */
async function inFirstViewport(locator, label) {
  await locator.waitFor();
  const box = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, left: r.left, right: r.right };
  });
  assert.ok(box.top >= 0 && box.bottom <= phone.height && box.left >= 0 && box.right <= phone.width,
    `${label} is outside the first ${phone.width}x${phone.height} viewport: ${JSON.stringify(box)}`);
}

/** Every visible button on the page is at least 44x44 px (a fingertip, WCAG 2.5.5). */
async function touchTargets(page, label) {
  const small = await page.locator('button').evaluateAll((list) => list
    .filter((b) => b.getClientRects().length > 0)
    .map((b) => { const r = b.getBoundingClientRect(); return { name: b.getAttribute('aria-label') || b.textContent.trim(), w: Math.round(r.width), h: Math.round(r.height) }; })
    .filter((b) => b.w < 44 || b.h < 44));
  assert.deepEqual(small, [], `${label}: buttons smaller than 44x44 px`);
}

test('jam and room: guest and host fit a phone, with the vote buttons and the send box first', async () => {
  const ann = await newUser(env, phone);
  const bob = await newUser(env, phone);
  const code = await createSession(ann, { name: longName, title: longTitle });
  await joinByCode(bob, code, 'Bob');
  await addSong(bob, 'Bohemian', 'Bohemian Rhapsody');
  for (const [page, who] of [[ann, 'host'], [bob, 'guest']]) {
    await noSidewaysScroll(page, `jam (${who})`);
    await inFirstViewport(page.getByRole('button', { name: 'Upvote Bohemian Rhapsody' }), `jam vote button (${who})`);
    await touchTargets(page, `jam (${who})`);
  }
  // People and invite open from the header in a labelled dialog; Esc closes it.
  await bob.getByRole('button', { name: /^People/ }).click();
  const sheet = bob.getByRole('dialog', { name: 'People and invite' });
  await sheet.getByRole('list', { name: 'Participants', exact: true }).getByText(longName).waitFor();
  await noSidewaysScroll(bob, 'jam people sheet');
  await bob.keyboard.press('Escape');
  await sheet.waitFor({ state: 'hidden' });
  await ann.getByRole('button', { name: 'Host controls' }).click();
  await ann.getByRole('dialog', { name: 'Host controls' }).getByRole('button', { name: 'End session' }).waitFor();
  await touchTargets(ann, 'jam host controls');
  await ann.keyboard.press('Escape');

  const roomCode = await createSession(ann, { name: 'Ann', kind: 'room', title: longTitle });
  await joinByCode(bob, roomCode, longName);
  for (const [page, who] of [[ann, 'host'], [bob, 'guest']]) {
    await noSidewaysScroll(page, `room (${who})`);
    await inFirstViewport(page.getByRole('button', { name: 'Send event' }), `room send box (${who})`);
  }
  await ann.context().close();
  await bob.context().close();
});

test('movie night and Q&A: the Like button and the Ask box come first on a phone', async () => {
  const ann = await newUser(env, phone);
  // Bob's phone has a touch screen and no hover: keyboard hints are not for him.
  const bob = await (await env.browser.newContext({ viewport: phone, baseURL: env.base, hasTouch: true, isMobile: true })).newPage();
  await ann.goto('/');
  const form = ann.getByRole('form', { name: 'Start a session' });
  await form.getByRole('radio', { name: 'Movie night' }).check();
  await form.getByLabel('Your name').fill(longName);
  await form.getByLabel(/Title/).fill(longTitle);
  await form.getByRole('button', { name: 'Start a movie night' }).click();
  await ann.waitForURL(/\/s\/[A-Z0-9]{6}$/);
  const movieCode = ann.url().split('/').pop();
  await joinByCode(bob, movieCode, 'Bob');
  for (const [page, who] of [[ann, 'host'], [bob, 'guest']]) {
    await noSidewaysScroll(page, `movie (${who})`);
    await inFirstViewport(page.getByRole('button', { name: /^Like / }), `movie Like (${who})`);
  }
  assert.equal(await ann.getByText(/^Keyboard:/).isVisible(), true, 'a keyboard hint where there is a mouse');
  assert.equal(await bob.getByText(/^Keyboard:/).isVisible(), false, 'no keyboard hint on a touch screen');

  const qaCode = await createQa(ann, { name: 'Ann', title: longTitle });
  await joinByCode(bob, qaCode, longName);
  for (const [page, who] of [[ann, 'host'], [bob, 'guest']]) {
    await noSidewaysScroll(page, `Q&A (${who})`);
    await inFirstViewport(page.getByRole('form', { name: 'Ask a question' }).getByLabel('Your question'), `Q&A ask box (${who})`);
  }

  // Issue 20's moderation tools in the host view (word filter, removed list, stopped from asking) still fit.
  const ask = bob.getByRole('form', { name: 'Ask a question' });
  await ask.getByLabel('Your question').fill(`${longTitle} ${longTitle}?`);
  await ask.getByRole('button', { name: 'Ask' }).click();
  const words = ann.getByLabel('Blocked words');
  await words.fill('Supercalifragilisticexpialidocious, spam');
  await ann.getByRole('button', { name: 'Save words' }).click();
  await ann.getByRole('button', { name: `Stop from asking: ${longName}` }).click();
  await ann.getByRole('list', { name: 'Stopped from asking' }).getByText(longName).waitFor();
  await bob.getByText('A moderator has stopped you from asking questions here. You can still vote.').waitFor();
  await ann.getByRole('list', { name: 'Open questions' }).getByRole('button', { name: /^Delete: / }).click();
  await ann.getByRole('button', { name: /^Restore: / }).waitFor();
  await bob.getByText('No open questions yet.').waitFor();
  await noSidewaysScroll(ann, 'Q&A host moderation');
  await noSidewaysScroll(bob, 'Q&A guest stopped from asking');
  await ann.context().close();
  await bob.context().close();
});

test('home, admin and the coaching booking page fit a phone; the free slots come first', async () => {
  const page = await newUser(env, phone);
  await page.goto('/');
  await page.getByRole('form', { name: 'Start a session' }).waitFor();
  await noSidewaysScroll(page, 'home');
  // Every kind's radio is drawn the same size ("Movie night", the longest label, used to squeeze its own).
  const radios = await page.getByRole('radio').evaluateAll((list) => list.map((r) => Math.round(r.getBoundingClientRect().width)));
  assert.equal(new Set(radios).size, 1, `radio widths: ${radios}`);

  await page.goto('/admin');
  const form = page.getByRole('form', { name: 'Admin key sign-in' });
  await form.getByLabel('Admin key').fill(key);
  await form.getByRole('button', { name: 'Sign in with the key' }).click();
  await page.getByRole('table', { name: 'Active sessions' }).waitFor();
  await noSidewaysScroll(page, 'admin');

  const coach = await newUser(env);
  await grantCoach(env, await registerAccount(coach, 'Layout Coach'));
  await coach.goto('/coaching/availability');
  const editor = coach.getByRole('form', { name: 'My availability' });
  await editor.getByLabel(/Time zone/).fill('UTC');
  await editor.getByRole('button', { name: 'Every day, all day' }).click();
  await editor.getByRole('button', { name: 'Save availability' }).click();
  await coach.getByText('Availability saved.').waitFor();
  // The exception's date field shows its whole date on a phone (at 375 px it used to be clipped).
  await noSidewaysScroll(coach, 'availability editor');
  for (const viewport of [narrow, phone]) {
    await coach.setViewportSize(viewport);
    const date = await editor.getByLabel('Date', { exact: true }).evaluate((el) => {
      const natural = el.cloneNode();
      natural.style.cssText = 'width:auto;min-width:0;max-width:none;position:absolute;visibility:hidden';
      document.body.append(natural);
      const needed = natural.getBoundingClientRect().width;
      natural.remove();
      const r = el.getBoundingClientRect();
      return { width: r.width, needed, right: r.right };
    });
    assert.ok(date.width >= date.needed - 0.5 && date.right <= viewport.width, `date field at ${viewport.width} px: ${JSON.stringify(date)}`);
  }

  await registerAccount(page, longName);
  await page.goto('/coaching');
  await page.getByRole('link', { name: 'Layout Coach' }).click();
  await page.getByRole('heading', { name: 'Layout Coach', level: 1 }).waitFor();
  await noSidewaysScroll(page, 'coaching booking page');
  await inFirstViewport(page.getByRole('group', { name: 'Free slots' }).getByRole('button').first(), 'coaching first free slot');
  await page.context().close();
  await coach.context().close();
});
