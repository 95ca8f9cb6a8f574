import { describe, expect, it } from 'vitest';
import { parseChoice, themeShown, toggledChoice } from './theme';

describe('theme', () => {
  it('follows the system while nothing is picked', () => {
    expect(themeShown(null, true)).toBe('dark');
    expect(themeShown(null, false)).toBe('light');
  });

  it('keeps a pick whatever the system says', () => {
    expect(themeShown('light', true)).toBe('light');
    expect(themeShown('dark', false)).toBe('dark');
  });

  it('saves a pick only when it differs from the system', () => {
    expect(toggledChoice('light', false)).toBe('dark');
    expect(toggledChoice('dark', true)).toBe('light');
    // Toggling back to the system's theme clears the pick: the page follows the system again.
    expect(toggledChoice('dark', false)).toBeNull();
    expect(toggledChoice('light', true)).toBeNull();
  });

  it('reads unknown saved values as no pick', () => {
    expect(parseChoice(null)).toBeNull();
    expect(parseChoice('dark')).toBe('dark');
    expect(parseChoice('light')).toBe('light');
    expect(parseChoice('system')).toBeNull();
    expect(parseChoice('')).toBeNull();
  });
});
