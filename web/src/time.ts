import { useEffect, useState } from 'react';

// Times as a person reads them: in the viewer's own zone, with the zone's name (guests and hosts
// may be in different zones), and as "in 12 minutes" / "3 minutes ago" where closeness matters.
// Never a raw ISO string. `locale` and `timeZone` exist for tests; the app passes neither.

/** "14:05 CET": the clock time in the viewer's zone, with its short name. */
export function clockTime(at: number, { seconds = false, locale, timeZone }: { seconds?: boolean; locale?: string; timeZone?: string } = {}): string {
  return new Intl.DateTimeFormat(locale, {
    hour: '2-digit', minute: '2-digit', second: seconds ? '2-digit' : undefined, timeZoneName: 'short', timeZone,
  }).format(at);
}

/** "Mon 7 Dec, 14:05 CET": a day and clock time, for things further away than today. */
export function dayAndTime(at: number, { locale, timeZone }: { locale?: string; timeZone?: string } = {}): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone,
  }).format(at);
}

/** "in 12 minutes", "3 minutes ago", "now": the distance from `now`, in the largest unit that fits. */
export function relativeTime(at: number, now: number, locale?: string): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const diff = at - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return rtf.format(Math.round(diff / 1000 / 15) * 15, 'second');
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < 86_400_000) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  return rtf.format(Math.round(diff / 86_400_000), 'day');
}

/** "0:27", "12:05": what is left until `at`, for a countdown that ticks every second (never below 0:00). */
export function countdown(at: number, now: number): string {
  const seconds = Math.max(0, Math.ceil((at - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The time now, re-read every `everyMs` (for relative phrases that must stay true). */
export function useNow(everyMs = 15_000, read: () => number = Date.now): number {
  const [now, setNow] = useState(read);
  useEffect(() => {
    const timer = setInterval(() => setNow(read()), everyMs);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [everyMs]);
  return now;
}
