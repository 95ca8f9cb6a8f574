import { describe, expect, it } from 'vitest';
import { cellsToWindows, emptyCells, move, paint, windowsToCells } from './availabilityGrid';

describe('availability grid', () => {
  it('turns a drag across days and hours into one window per day', () => {
    // Monday 09:00 (slot 18) dragged to Wednesday 11:30 (slot 23): 09:00–12:00 on Monday, Tuesday and Wednesday.
    const cells = paint(emptyCells(), { day: 1, slot: 18 }, { day: 3, slot: 23 }, true);
    expect(cellsToWindows(cells)).toEqual([
      { dayOfWeek: 1, start: '09:00', end: '12:00' },
      { dayOfWeek: 2, start: '09:00', end: '12:00' },
      { dayOfWeek: 3, start: '09:00', end: '12:00' },
    ]);
  });

  it('selects the same rectangle whichever corner the drag starts from, Sunday being the last column', () => {
    const forward = paint(emptyCells(), { day: 6, slot: 2 }, { day: 0, slot: 5 }, true);
    const backward = paint(emptyCells(), { day: 0, slot: 5 }, { day: 6, slot: 2 }, true);
    expect(backward).toEqual(forward);
    expect(cellsToWindows(forward)).toEqual([
      { dayOfWeek: 0, start: '01:00', end: '03:00' },
      { dayOfWeek: 6, start: '01:00', end: '03:00' },
    ]);
  });

  it('clears with a drag that starts on a marked cell, splitting a window in two', () => {
    const day = windowsToCells([{ dayOfWeek: 2, start: '09:00', end: '17:00' }]);
    const lunch = paint(day, { day: 2, slot: 24 }, { day: 2, slot: 25 }, false);
    expect(cellsToWindows(lunch)).toEqual([
      { dayOfWeek: 2, start: '09:00', end: '12:00' },
      { dayOfWeek: 2, start: '13:00', end: '17:00' },
    ]);
  });

  it('round-trips windows to the end of the day, and widens one that is not on half-hours', () => {
    const windows = [{ dayOfWeek: 5, start: '22:00', end: '24:00' }, { dayOfWeek: 4, start: '00:00', end: '00:30' }];
    expect(cellsToWindows(windowsToCells(windows))).toEqual([windows[1], windows[0]]);
    expect(cellsToWindows(windowsToCells([{ dayOfWeek: 1, start: '09:15', end: '10:10' }])))
      .toEqual([{ dayOfWeek: 1, start: '09:00', end: '10:30' }]);
  });

  it('moves the keyboard focus with the arrow keys and stops at the edges', () => {
    expect(move({ day: 1, slot: 0 }, 'ArrowUp')).toEqual({ day: 1, slot: 0 });
    expect(move({ day: 1, slot: 0 }, 'ArrowDown')).toEqual({ day: 1, slot: 1 });
    expect(move({ day: 1, slot: 3 }, 'ArrowLeft')).toEqual({ day: 1, slot: 3 });
    expect(move({ day: 6, slot: 3 }, 'ArrowRight')).toEqual({ day: 0, slot: 3 });
    expect(move({ day: 0, slot: 3 }, 'ArrowRight')).toEqual({ day: 0, slot: 3 });
    expect(move({ day: 3, slot: 47 }, 'ArrowDown')).toEqual({ day: 3, slot: 47 });
    expect(move({ day: 3, slot: 20 }, 'End')).toEqual({ day: 3, slot: 47 });
  });
});
