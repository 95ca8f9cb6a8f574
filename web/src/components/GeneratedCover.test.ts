import { describe, expect, it } from 'vitest';
import { coverArt, initialsOf } from './GeneratedCover';

describe('generated covers', () => {
  it('gives a title the same cover every time, whatever its case or spacing', () => {
    expect(coverArt('Hey Jude')).toEqual(coverArt('Hey Jude'));
    expect(coverArt('  hey jude ')).toEqual({ ...coverArt('Hey Jude'), initials: 'HJ' });
  });

  it('gives different titles different colours', () => {
    const titles = ['Hey Jude', 'Let It Be', 'Bohemian Rhapsody', 'Yesterday', 'Come Together', 'Folsom Prison Blues'];
    expect(new Set(titles.map((t) => coverArt(t).hueA)).size).toBe(titles.length);
  });

  it('uses two letters, never a single-letter placeholder', () => {
    expect(initialsOf('Bohemian Rhapsody')).toBe('BR');
    expect(initialsOf('Yesterday')).toBe('Ye');
    expect(initialsOf('99 Luftballons')).toBe('9L');
    expect(initialsOf('élan vital')).toBe('ÉV');
    expect(initialsOf('!!!')).toBe('');
  });
});
