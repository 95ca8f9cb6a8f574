import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { GRID_DAYS, SLOTS_PER_DAY, move, paint, slotClock, type Cell, type Cells } from './availabilityGrid';

const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The zone's short name now ("CET", "GMT+9"), shown beside its IANA id. */
function zoneName(zone: string) {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' }).formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  } catch {
    return '';
  }
}

/**
 * The coach's week as a grid of half-hours (rows) × days (columns), in the coach's own zone. Drag with the
 * mouse or a finger to mark or clear a rectangle (what the drag starts on decides which); with the keyboard,
 * the arrow keys move between cells (one tab stop for the whole grid) and Space toggles the focused one.
 */
export function AvailabilityGrid({ cells, onChange, zone }: { cells: Cells; onChange: (cells: Cells) => void; zone: string }) {
  const [focus, setFocus] = useState<Cell>({ day: 1, slot: 18 });
  const [drag, setDrag] = useState<{ from: Cell; to: Cell; value: boolean } | null>(null);
  const table = useRef<HTMLTableElement>(null);
  const moved = useRef(false);
  const shown = drag ? paint(cells, drag.from, drag.to, drag.value) : cells;

  useEffect(() => {
    if (!drag) return;
    const end = () => {
      onChange(paint(cells, drag.from, drag.to, drag.value));
      setDrag(null);
    };
    window.addEventListener('pointerup', end);
    window.addEventListener('pointercancel', end);
    return () => {
      window.removeEventListener('pointerup', end);
      window.removeEventListener('pointercancel', end);
    };
  }, [drag, cells, onChange]);

  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    table.current?.querySelector<HTMLElement>(`[data-cell="${focus.day}-${focus.slot}"]`)?.focus();
  }, [focus]);

  const onKey = (e: KeyboardEvent) => {
    if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      onChange(paint(cells, focus, focus, !cells[focus.day][focus.slot]));
      return;
    }
    const next = move(focus, e.key);
    if (next === focus) return;
    e.preventDefault();
    moved.current = true;
    setFocus(next);
  };
  const cellAt = (target: EventTarget | null): Cell | null => {
    const key = (target as HTMLElement | null)?.closest?.('[data-cell]')?.getAttribute('data-cell');
    if (!key) return null;
    const [day, slot] = key.split('-').map(Number);
    return { day, slot };
  };
  const name = zoneName(zone);

  return (
    <div className="availability-grid">
      <p id="grid-help" className="muted">
        Times in <strong>{zone}</strong>{name && ` (${name})`}. Drag across the grid to mark when you are available; a drag that starts on a
        marked half-hour clears instead. Keyboard: arrow keys move, Space marks or clears.
      </p>
      <div className="grid-scroll">
        <table ref={table} role="grid" aria-label="Weekly availability" aria-describedby="grid-help" onKeyDown={onKey}
          onPointerDown={(e) => {
            const cell = cellAt(e.target);
            if (!cell || e.button !== 0) return;
            e.preventDefault();
            // Pointer capture would pin every move to the first cell: release it so the cells under the finger get the moves.
            (e.target as Element).releasePointerCapture?.(e.pointerId);
            moved.current = true; // preventDefault kept the browser from focusing it: the keyboard continues from here
            setFocus(cell);
            setDrag({ from: cell, to: cell, value: !cells[cell.day][cell.slot] });
          }}
          onPointerOver={(e) => {
            const cell = cellAt(e.target);
            if (drag && cell) setDrag({ ...drag, to: cell });
          }}>
          <thead>
            <tr>
              <th scope="col"><span className="sr-only">Time</span></th>
              {GRID_DAYS.map((d) => <th key={d} scope="col" abbr={dayNames[d]}>{dayNames[d].slice(0, 3)}</th>)}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: SLOTS_PER_DAY }, (_, slot) => (
              <tr key={slot}>
                <th scope="row" className={slot % 2 ? 'half' : undefined}>
                  {slot % 2 ? <span className="sr-only">{slotClock(slot)}</span> : slotClock(slot)}
                </th>
                {GRID_DAYS.map((day) => {
                  const on = shown[day][slot];
                  return (
                    <td key={day} role="gridcell" data-cell={`${day}-${slot}`} aria-selected={on}
                      aria-label={`${dayNames[day]} ${slotClock(slot)}–${slot === SLOTS_PER_DAY - 1 ? '24:00' : slotClock(slot + 1)}`}
                      tabIndex={focus.day === day && focus.slot === slot ? 0 : -1}
                      className={on ? 'on' : undefined} onFocus={() => setFocus({ day, slot })} />
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
