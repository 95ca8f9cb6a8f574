import { useId } from 'react';
import { deviceZone, useZone, zoneChoice, zoneList } from './zone';

/** "Times in": every coaching time on screen follows it; "your device" is the default and is not saved. */
export function ZonePicker() {
  const id = useId();
  const zone = useZone();
  const picked = zoneChoice.get();
  return (
    <div className="field zone-picker">
      <label htmlFor={id}>Times in</label>
      <select id={id} value={picked ?? ''} onChange={(e) => zoneChoice.set(e.target.value || null)} data-zone={zone}>
        <option value="">Your device's zone ({deviceZone()})</option>
        {zoneList().map((z) => <option key={z} value={z}>{z.replaceAll('_', ' ')}</option>)}
      </select>
    </div>
  );
}
