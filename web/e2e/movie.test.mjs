import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newUser, joinByCode, checkA11y, shot, phone, eventually } from './harness.mjs';

let env;
before(async () => { env = await startAll(); });
after(async () => { await env?.stop(); });

/** Creates a movie night from the home page with genre and platform chips; returns the code. */
async function createMovieNight(page, { name, title, genres = [], platforms = [], region }) {
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Start a session' });
  await form.getByRole('radio', { name: 'Movie night' }).check();
  await form.getByLabel('Your name').fill(name);
  if (title) await form.getByLabel(/Title/).fill(title);
  if (region) await form.getByLabel('Region').selectOption(region);
  for (const genre of genres) await form.getByRole('checkbox', { name: genre, exact: true }).check();
  for (const platform of platforms) await form.getByRole('checkbox', { name: platform, exact: true }).check();
  await form.getByRole('button', { name: 'Start a movie night' }).click();
  await page.waitForURL(/\/s\/[A-Z0-9]{6}$/);
  await page.getByRole('heading', { name: 'Candidates' }).waitFor();
  return page.url().split('/').pop();
}

const currentCard = (page) => page.getByRole('group', { name: /, card \d+ of \d+\./ });
const currentTitle = async (page) => (await currentCard(page).getByRole('heading').textContent()).replace(/\s*\(\d{4}\)$/, '');
const progressOf = (page, name) => page.getByRole('progressbar', { name: `${name}'s progress` }).getAttribute('aria-valuenow');

test('the deck swipes: a drag past the threshold decides, a short one springs back, and Undo brings the card back', async () => {
  const ann = await newUser(env, phone);
  await createMovieNight(ann, { name: 'Ann' });
  const drag = async (dx) => {
    const heading = currentCard(ann).getByRole('heading');
    await heading.evaluate((el) => el.scrollIntoView({ block: 'center' })); // not under the sticky header
    const box = await heading.boundingBox();
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await ann.mouse.move(x, y);
    await ann.mouse.down();
    for (let i = 1; i <= 5; i++) await ann.mouse.move(x + (dx * i) / 5, y);
    await ann.mouse.up();
  };
  const first = await currentTitle(ann);
  await drag(40); // short of the threshold: the card comes back, nothing is decided
  assert.equal(await currentTitle(ann), first);
  await ann.getByText('0 of', { exact: false }).first().waitFor();

  await drag(200); // past it, to the right: a like, and the next card
  await eventually(async () => assert.notEqual(await currentTitle(ann), first));
  await ann.getByText(`You liked ${first}.`).waitFor();
  await ann.getByRole('button', { name: 'Undo' }).click();
  // Undo withdraws the like on the server (Unswipe): the card comes back undecided once it answered.
  await eventually(async () => assert.equal(await currentTitle(ann), first));
  await ann.getByText('0 of', { exact: false }).first().waitFor();
  await drag(-200); // decided again, to the left: now a pass
  await eventually(async () => assert.notEqual(await currentTitle(ann), first));
  await ann.getByText(`You passed ${first}.`).waitFor();
  await ann.getByText('All cards and your choices').click();
  await ann.getByRole('list', { name: 'All cards' }).getByRole('listitem').filter({ hasText: first }).getByText('you passed').waitFor();
  await checkA11y(ann, 'movie deck after undo (phone)');

  await ann.getByRole('button', { name: 'Host controls' }).click();
  await ann.getByRole('button', { name: 'End session' }).click();
  await ann.getByRole('button', { name: 'Yes, end session' }).click();
  await ann.getByText('This session has ended. It is read-only now.').waitFor();
  await ann.keyboard.press('Escape');
  assert.equal(await ann.getByRole('button', { name: 'Undo' }).count(), 0);
  // The end summary: the pick (none), who came, the likes and passes per film.
  await ann.getByRole('heading', { name: 'How the movie night went' }).waitFor();
  await ann.getByText('Who came: Ann').waitFor();
  await ann.getByRole('list', { name: 'Likes and passes per film' }).getByText(`${first}: 0 likes, 1 pass`).waitFor();
  await checkA11y(ann, 'ended movie night (host, phone)');
  await ann.context().close();
});

test('three browsers swipe to a match; the host picks it and the watch party plays for everyone', async () => {
  const ann = await newUser(env);
  const bob = await newUser(env);
  const cy = await newUser(env);
  const everyone = [ann, bob, cy];

  // The create form's chips come from the API: genres, and the platforms of the chosen region.
  await ann.goto('/');
  await ann.getByRole('radio', { name: 'Movie night' }).check();
  await ann.getByRole('checkbox', { name: 'Hulu', exact: true }).waitFor();
  await ann.getByLabel('Region').selectOption('GB');
  await ann.getByRole('checkbox', { name: 'BBC iPlayer', exact: true }).waitFor();
  assert.equal(await ann.getByRole('checkbox', { name: 'Hulu', exact: true }).count(), 0);
  await checkA11y(ann, 'movie night create form');

  const code = await createMovieNight(ann, { name: 'Ann', title: 'Friday film', genres: ['Science Fiction'], platforms: ['Netflix'] });
  await ann.getByRole('heading', { name: 'Friday film' }).waitFor();
  // The share panel shows the code and the QR code of the join link right away.
  await ann.getByRole('img', { name: new RegExp(`QR code linking to .*/join/${code}`) }).waitFor();
  await joinByCode(bob, code, 'Bob');
  await cy.goto(`/join/${code}`);
  const joinForm = cy.getByRole('form', { name: 'Join a session' });
  await joinForm.getByLabel('Your name').fill('Cy');
  await joinForm.getByRole('button', { name: 'Join' }).click();
  await cy.getByRole('heading', { name: 'Candidates' }).waitFor();
  for (const page of everyone) {
    await eventually(async () => assert.equal(await page.getByRole('list', { name: 'Participants', exact: true }).getByRole('listitem').count(), 3));
  }

  // Everyone sees the same first card, labelled as sample availability (the offline catalog).
  const title = await currentTitle(ann);
  for (const page of [bob, cy]) assert.equal(await currentTitle(page), title);
  await currentCard(ann).getByText('sample availability').waitFor();

  // Ann likes it with the button.
  await ann.getByRole('button', { name: `Like ${title}` }).click();
  await eventually(async () => assert.equal(await progressOf(bob, 'Ann'), '1'));
  // Bob uses the keyboard: focus the card, → likes it.
  await currentCard(bob).focus();
  await bob.keyboard.press('ArrowRight');
  await eventually(async () => assert.equal(await progressOf(cy, 'Bob'), '1'));
  assert.equal(await ann.getByRole('region', { name: "It's a match!" }).count(), 0);
  // ← passes the second card for Bob; the card keeps the focus for the next one.
  const second = await currentTitle(bob);
  await bob.keyboard.press('ArrowLeft');
  await eventually(async () => assert.notEqual(await currentTitle(bob), second));
  assert.equal(await bob.evaluate(() => document.activeElement?.getAttribute('aria-roledescription')), 'film card');

  // Cy's like makes it a match for everyone.
  await cy.getByRole('button', { name: `Like ${title}` }).click();
  for (const page of everyone) {
    const banner = page.getByRole('region', { name: "It's a match!" });
    await banner.waitFor();
    assert.equal(await banner.getByTestId('match-title').textContent(), title);
  }
  await ann.getByText(`It's a match: ${title}`).first().waitFor();
  await eventually(async () => assert.match(await bob.getByRole('list', { name: 'Ranking' }).getByRole('listitem').first().textContent(), new RegExp(`${title}.*3 likes.*Match`)));
  assert.equal(await bob.getByRole('button', { name: `Watch ${title}` }).count(), 0);

  await shot(ann, 'movie-host-1280');
  await checkA11y(ann, 'movie night (host, desktop)');
  await checkA11y(bob, 'movie night (member, desktop)');
  await bob.setViewportSize(phone);
  await shot(bob, 'movie-member-375');
  await checkA11y(bob, 'movie night (member, phone)');
  await bob.setViewportSize({ width: 1280, height: 900 });

  // The host picks it: the watch party shows it, paused, for everyone; then plays, in sync.
  await ann.getByRole('region', { name: "It's a match!" }).getByRole('button', { name: `Watch ${title}` }).click();
  for (const page of everyone) {
    await eventually(async () => assert.equal(await page.getByTestId('watch-title').textContent(), title));
    await eventually(async () => assert.equal(await page.getByTestId('playback-state').textContent(), 'Paused'));
  }
  assert.equal(await bob.getByRole('group', { name: 'Watch party controls' }).count(), 0);
  await ann.getByRole('group', { name: 'Watch party controls' }).getByRole('button', { name: 'Play' }).click();
  for (const page of everyone) await eventually(async () => assert.equal(await page.getByTestId('playback-state').textContent(), 'Playing'));
  await ann.waitForTimeout(1200);
  const positions = await Promise.all(everyone.map((p) => p.getByRole('progressbar', { name: 'Film progress' }).getAttribute('aria-valuenow')));
  assert.ok(positions.every((p) => Number(p) >= 1), `playing: ${positions}`);
  assert.ok(Math.max(...positions.map(Number)) - Math.min(...positions.map(Number)) <= 1, `positions agree: ${positions}`);

  // The host seeks with the keyboard; the others follow.
  await ann.getByRole('slider', { name: 'Seek' }).focus();
  await ann.keyboard.press('End');
  await eventually(async () => assert.equal(
    await cy.getByRole('progressbar', { name: 'Film progress' }).getAttribute('aria-valuenow'),
    await ann.getByRole('slider', { name: 'Seek' }).getAttribute('max')));
  await shot(ann, 'movie-watch-1280');
  await checkA11y(cy, 'movie night watch party (member)');
});

test('suggestions join the deck once, and the host deals more', async () => {
  const ann = await newUser(env);
  const bob = await newUser(env);
  const code = await createMovieNight(ann, { name: 'Ann', genres: ['Animation'] });
  await joinByCode(bob, code, 'Bob');
  for (const page of [ann, bob]) await page.getByText('All cards and your choices').click();
  const cards = ann.getByRole('list', { name: 'All cards' }).getByRole('listitem');
  const before = await cards.count();
  assert.ok(before > 0);

  const search = bob.getByRole('search', { name: 'Suggest a film' });
  await search.getByLabel('Search films').fill('godfather');
  await search.getByRole('button', { name: 'Search' }).click();
  await bob.getByRole('list', { name: 'Film search results' }).getByRole('button', { name: 'Suggest The Godfather', exact: true }).click();
  await eventually(async () => assert.equal(await cards.count(), before + 1));
  await bob.getByRole('list', { name: 'Film search results' }).getByText('in the deck').first().waitFor();
  await eventually(async () => assert.match(await ann.getByRole('list', { name: 'Ranking' }).textContent(), /The Godfather/));

  await ann.getByRole('button', { name: 'Deal more films' }).click();
  await ann.getByText(/more films dealt/).waitFor();
  await eventually(async () => assert.ok(await bob.getByRole('list', { name: 'All cards' }).getByRole('listitem').count() > before + 1));
  assert.equal(await bob.getByRole('button', { name: 'Deal more films' }).count(), 0);
});

test('when TMDB is unreachable the movie night says it is using the offline catalog', async () => {
  const offline = await startAll({ serverEnv: { Movies__Tmdb__ApiKey: 'any-key', Movies__Tmdb__BaseUrl: 'http://127.0.0.1:9/3' } });
  try {
    const page = await newUser(offline);
    await page.goto('/');
    await page.getByRole('radio', { name: 'Movie night' }).check();
    await page.getByRole('status').filter({ hasText: /built-in catalog/ }).first().waitFor({ timeout: 20_000 });
    await createMovieNight(page, { name: 'Dee', genres: ['Comedy'] });
    const notice = page.getByRole('status').filter({ hasText: 'Offline catalog:' });
    await notice.waitFor();
    assert.match(await notice.textContent(), /TMDB could not be reached.*built-in catalog.*sample data/);
    await checkA11y(page, 'movie night with the offline notice');
  } finally {
    await offline.stop();
  }
});
