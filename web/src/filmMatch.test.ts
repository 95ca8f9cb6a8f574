import { describe, expect, it } from 'vitest';
import { matchesPick, normalTitle, orderForPick } from './filmMatch';
import type { FilmFile } from './movie';

const file = (title: string, year?: number | null, source: 'folder' | 'jellyfin' = 'jellyfin'): FilmFile =>
  ({ id: title, title, contentType: 'video/mp4', videoUrl: '/v', subtitles: [], source, year });

describe('film matching', () => {
  it('compares titles without case, accents, punctuation or a leading article', () => {
    expect(normalTitle('The Night of the Hunter')).toBe('night of the hunter');
    expect(normalTitle('Amélie!')).toBe(normalTitle('amelie'));
    expect(matchesPick(file('Night of the Hunter', 1955), 'The Night of the Hunter', 1955)).toBe(true);
  });

  it('needs the year within one when both sides know it', () => {
    expect(matchesPick(file('Metropolis', 1927), 'Metropolis', 1926)).toBe(true);
    expect(matchesPick(file('Metropolis', 2001), 'Metropolis', 1927)).toBe(false);
    expect(matchesPick(file('Metropolis', null, 'folder'), 'Metropolis', 1927)).toBe(true);
    expect(matchesPick(file('Metropolis 2'), 'Metropolis', 1927)).toBe(false);
  });

  it('puts the matches first and keeps the server order otherwise', () => {
    const ordered = orderForPick([file('Alien', 1979), file('Metropolis', 1927), file('Brazil', 1985)], 'Metropolis', 1927);
    expect(ordered.map((o) => [o.file.title, o.match])).toEqual([['Metropolis', true], ['Alien', false], ['Brazil', false]]);
  });
});
