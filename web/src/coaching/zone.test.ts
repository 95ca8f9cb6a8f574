import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatClock, formatDay, formatWhen, parseZone, shownZone, zoneChoice } from './zone';

const iso = '2026-03-04T23:30:00+00:00';

describe('coaching time zones', () => {
  const saved = new Map<string, string>();
  beforeEach(() => {
    saved.clear();
    globalThis.localStorage = {
      getItem: (k: string) => saved.get(k) ?? null, setItem: (k: string, v: string) => void saved.set(k, v),
      removeItem: (k: string) => void saved.delete(k),
    } as Storage;
  });
  afterEach(() => { delete (globalThis as { localStorage?: Storage }).localStorage; });

  it('shows a time in the zone asked for, with the zone name, on that zone\'s day', () => {
    expect(formatWhen(iso, { timeZone: 'Europe/Paris', locale: 'en-GB' })).toBe('Thu 5 Mar, 00:30 CET');
    expect(formatWhen(iso, { timeZone: 'UTC', locale: 'en-GB' })).toBe('Wed 4 Mar, 23:30 UTC');
    expect(formatClock(iso, { timeZone: 'UTC', locale: 'en-GB' })).toBe('23:30 UTC');
    expect(formatDay(iso, { timeZone: 'Europe/Paris', locale: 'en-GB' })).toBe('Thursday 5 March');
  });

  it('keeps a picked zone across reloads and goes back to the device zone when the pick is cleared', () => {
    const device = shownZone();
    zoneChoice.set('Asia/Tokyo');
    expect(saved.get('huddle.coaching.zone')).toBe('Asia/Tokyo');
    expect(shownZone()).toBe('Asia/Tokyo');
    expect(formatClock(iso, { locale: 'en-GB' })).toMatch(/^08:30 /);
    zoneChoice.set(null);
    expect(saved.has('huddle.coaching.zone')).toBe(false);
    expect(shownZone()).toBe(device);
  });

  it('reads an unknown saved zone as no pick', () => {
    expect(parseZone('Mars/Olympus_Mons')).toBeNull();
    expect(parseZone('')).toBeNull();
    expect(parseZone(null)).toBeNull();
    expect(parseZone('America/New_York')).toBe('America/New_York');
    zoneChoice.set('Not/AZone');
    expect(saved.has('huddle.coaching.zone')).toBe(false);
  });
});
