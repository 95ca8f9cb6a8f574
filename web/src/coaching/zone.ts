import { useSyncExternalStore } from 'react';

// Coaching times (ISO 8601 from the server) as each person reads them: in their own zone, or in
// one they pick (a client booking a coach abroad), always with the zone's name so nobody guesses.
// Only a pick is saved (localStorage); without one the device's zone is used, and follows it.

const key = 'huddle.coaching.zone';
const listeners = new Set<() => void>();

export const deviceZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** True for an IANA zone this browser knows ("Europe/Paris", "UTC"); an edited or stale entry is not. */
export function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** The saved pick read back: anything but a known zone means "the device's zone". */
export const parseZone = (saved: string | null): string | null => (saved && isZone(saved) ? saved : null);

export const zoneChoice = {
  /** The picked zone, or null to follow the device. */
  get(): string | null {
    try {
      return parseZone(localStorage.getItem(key));
    } catch {
      return null;
    }
  },
  set(zone: string | null) {
    try {
      if (zone && isZone(zone)) localStorage.setItem(key, zone);
      else localStorage.removeItem(key);
    } catch { /* private mode: the pick lasts until reload */ }
    listeners.forEach((l) => l());
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => { listeners.delete(listener); };
  },
};

/** The zone coaching times are shown in now. */
export const shownZone = (): string => zoneChoice.get() ?? deviceZone();

/** Re-renders when the pick changes; returns the zone shown. */
export function useZone(): string {
  useSyncExternalStore(zoneChoice.subscribe, () => zoneChoice.get(), () => null);
  return shownZone();
}

type Format = { timeZone?: string; locale?: string };

/** "Wed 4 Mar, 11:00 CET". */
export const formatWhen = (iso: string, { timeZone = shownZone(), locale }: Format = {}) =>
  new Intl.DateTimeFormat(locale, {
    weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone,
  }).format(Date.parse(iso));

/** "Wednesday 4 March": the day a slot falls on in the zone shown (it may differ from UTC's). */
export const formatDay = (iso: string, { timeZone = shownZone(), locale }: Format = {}) =>
  new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(Date.parse(iso));

/** "11:00 CET". */
export const formatClock = (iso: string, { timeZone = shownZone(), locale }: Format = {}) =>
  new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone }).format(Date.parse(iso));

/** Every zone the browser can show, for the picker (the device's first). */
export function zoneList(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([deviceZone(), 'UTC', ...all])];
}
