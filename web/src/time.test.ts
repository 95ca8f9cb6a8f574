import { describe, expect, it } from 'vitest';
import { clockTime, countdown, dayAndTime, relativeTime } from './time';

const at = Date.UTC(2026, 11, 7, 13, 5, 9);

describe('times', () => {
  it('shows the clock time in the given zone with its name, never ISO', () => {
    expect(clockTime(at, { locale: 'en-GB', timeZone: 'Europe/Paris' })).toBe('14:05 CET');
    expect(clockTime(at, { locale: 'en-GB', timeZone: 'UTC' })).toBe('13:05 UTC');
    expect(clockTime(at, { seconds: true, locale: 'en-GB', timeZone: 'UTC' })).toBe('13:05:09 UTC');
    expect(dayAndTime(at, { locale: 'en-GB', timeZone: 'UTC' })).toBe('Mon 7 Dec, 13:05 UTC');
    expect(clockTime(at)).not.toContain('T13:05');
  });

  it('says how far away a time is in the largest unit that fits', () => {
    const now = at;
    expect(relativeTime(now + 12 * 60_000, now, 'en')).toBe('in 12 minutes');
    expect(relativeTime(now - 3 * 60_000, now, 'en')).toBe('3 minutes ago');
    expect(relativeTime(now + 2 * 3_600_000, now, 'en')).toBe('in 2 hours');
    expect(relativeTime(now - 2 * 86_400_000, now, 'en')).toBe('2 days ago');
    expect(relativeTime(now + 5_000, now, 'en')).toBe('now');
    expect(relativeTime(now + 30_000, now, 'en')).toBe('in 30 seconds');
  });

  it('counts down in minutes and seconds, rounding up and stopping at zero', () => {
    expect(countdown(30_000, 0)).toBe('0:30');
    expect(countdown(30_000, 2_500)).toBe('0:28');
    expect(countdown(725_000, 0)).toBe('12:05');
    expect(countdown(0, 5_000)).toBe('0:00');
  });
});
