import { HttpError } from '../http';

/** How a booking repeats: once, or every week / every other week at the same time of the coach's day. */
export type Repeat = 'once' | 'weekly' | 'fortnightly';

/** The server's limits of a series (docs/coaching.md, "Recurring series"). */
export const MIN_OCCURRENCES = 2;
export const MAX_OCCURRENCES = 26;

/** One date of a wanted series that cannot be booked, and why (the code a single booking would get). */
export type SeriesClash = { index: number; scheduledAt: string; code: string; message: string };

/** A typed count kept within what the server accepts (a whole number from 2 to 26). */
export function clampOccurrences(value: number): number {
  if (!Number.isFinite(value)) return MIN_OCCURRENCES;
  return Math.min(MAX_OCCURRENCES, Math.max(MIN_OCCURRENCES, Math.round(value)));
}

/** "every week, 6 times" for the booking form's summary and button. */
export function repeatSummary(repeat: Repeat, count: number): string {
  if (repeat === 'once') return 'once';
  return `every ${repeat === 'weekly' ? 'week' : 'other week'}, ${count} times`;
}

/**
 * The clashes of a refused series (`409 series_clash`), oldest first; empty for any other failure.
 * The body is the server's, so each entry is checked before it is shown.
 */
export function clashesOf(error: unknown): SeriesClash[] {
  if (!(error instanceof HttpError) || error.code !== 'series_clash') return [];
  const list = error.extensions.clashes;
  if (!Array.isArray(list)) return [];
  return list
    .filter((c): c is SeriesClash => typeof c === 'object' && c !== null
      && typeof (c as SeriesClash).index === 'number' && typeof (c as SeriesClash).scheduledAt === 'string'
      && typeof (c as SeriesClash).code === 'string' && typeof (c as SeriesClash).message === 'string')
    .sort((a, b) => a.index - b.index);
}
