import type { Window } from './api';

/** The grid's resolution: half-hours, 48 a day. */
export const SLOTS_PER_DAY = 48;
/** Monday first, as calendars in most of the world show a week; values are the server's dayOfWeek (0 = Sunday). */
export const GRID_DAYS = [1, 2, 3, 4, 5, 6, 0] as const;

/** cells[dayOfWeek][slot]: available in that half-hour of that weekday. */
export type Cells = boolean[][];
export type Cell = { day: number; slot: number };

export const emptyCells = (): Cells => Array.from({ length: 7 }, () => Array<boolean>(SLOTS_PER_DAY).fill(false));

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const slotClock = (slot: number) => `${String(Math.floor(slot / 2)).padStart(2, '0')}:${slot % 2 ? '30' : '00'}`;

/**
 * The weekly windows as cells. A window that does not start or end on a half-hour covers every half-hour
 * it touches (09:15–10:00 marks 09:00–10:00), so saving the grid never loses available time, only widens it.
 */
export function windowsToCells(windows: Window[]): Cells {
  const cells = emptyCells();
  for (const w of windows) {
    const from = Math.floor(minutes(w.start) / 30);
    const to = Math.min(SLOTS_PER_DAY, Math.ceil(minutes(w.end) / 30));
    for (let s = from; s < to; s++) cells[w.dayOfWeek][s] = true;
  }
  return cells;
}

/** The cells as the server's weekly windows: each run of available half-hours is one window ("24:00" ends the day). */
export function cellsToWindows(cells: Cells): Window[] {
  const windows: Window[] = [];
  for (let day = 0; day < 7; day++) {
    let start = -1;
    for (let s = 0; s <= SLOTS_PER_DAY; s++) {
      const on = s < SLOTS_PER_DAY && cells[day][s];
      if (on && start < 0) start = s;
      if (!on && start >= 0) {
        windows.push({ dayOfWeek: day, start: slotClock(start), end: slotClock(s) });
        start = -1;
      }
    }
  }
  return windows;
}

/** The grid column of a weekday (Monday first). */
export const columnOf = (day: number) => GRID_DAYS.indexOf(day as (typeof GRID_DAYS)[number]);

/**
 * A drag from one cell to another selects the rectangle between them (days × half-hours, in grid order) and
 * sets it all to `value`: what the drag started on decides (starting on a free cell marks, on a marked one clears).
 */
export function paint(cells: Cells, from: Cell, to: Cell, value: boolean): Cells {
  const [c1, c2] = [columnOf(from.day), columnOf(to.day)].sort((a, b) => a - b);
  const [s1, s2] = [from.slot, to.slot].sort((a, b) => a - b);
  const next = cells.map((row) => [...row]);
  for (let c = c1; c <= c2; c++) for (let s = s1; s <= s2; s++) next[GRID_DAYS[c]][s] = value;
  return next;
}

/** Where an arrow key moves the focus (clamped to the grid). */
export function move(cell: Cell, key: string): Cell {
  const column = columnOf(cell.day);
  switch (key) {
    case 'ArrowUp': return { day: cell.day, slot: Math.max(0, cell.slot - 1) };
    case 'ArrowDown': return { day: cell.day, slot: Math.min(SLOTS_PER_DAY - 1, cell.slot + 1) };
    case 'ArrowLeft': return { day: GRID_DAYS[Math.max(0, column - 1)], slot: cell.slot };
    case 'ArrowRight': return { day: GRID_DAYS[Math.min(6, column + 1)], slot: cell.slot };
    case 'Home': return { day: cell.day, slot: 0 };
    case 'End': return { day: cell.day, slot: SLOTS_PER_DAY - 1 };
    default: return cell;
  }
}
