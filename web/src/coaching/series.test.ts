import { describe, expect, it } from 'vitest';
import { HttpError } from '../http';
import { clampOccurrences, clashesOf, repeatSummary } from './series';

describe('a recurring series in the booking form', () => {
  it('keeps the count within what the server accepts', () => {
    expect(clampOccurrences(6)).toBe(6);
    expect(clampOccurrences(1)).toBe(2);
    expect(clampOccurrences(40)).toBe(26);
    expect(clampOccurrences(3.6)).toBe(4);
    expect(clampOccurrences(Number.NaN)).toBe(2);
  });

  it('says how often it repeats', () => {
    expect(repeatSummary('weekly', 6)).toBe('every week, 6 times');
    expect(repeatSummary('fortnightly', 3)).toBe('every other week, 3 times');
    expect(repeatSummary('once', 6)).toBe('once');
  });

  it('reads the clash report of a refused series, oldest first, and ignores anything malformed', () => {
    const clashes = [
      { index: 4, scheduledAt: '2026-04-01T09:00:00+00:00', code: 'outside_availability', message: 'Not available.' },
      { index: 2, scheduledAt: '2026-03-18T10:00:00+00:00', code: 'slot_taken', message: 'Taken.' },
      { index: 'x', scheduledAt: 3 },
      null,
    ];
    const error = new HttpError('series_clash', 'Some dates clash.', 409, { code: 'series_clash', clashes });

    expect(clashesOf(error).map((c) => [c.index, c.code])).toEqual([[2, 'slot_taken'], [4, 'outside_availability']]);
    expect(clashesOf(new HttpError('slot_taken', 'Taken.', 409, { clashes }))).toEqual([]);
    expect(clashesOf(new HttpError('series_clash', 'x', 409, { clashes: 'nope' }))).toEqual([]);
    expect(clashesOf(new Error('series_clash'))).toEqual([]);
  });
});
