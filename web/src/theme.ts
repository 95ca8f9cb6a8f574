// The colour theme: the system's (prefers-color-scheme) until the person picks one with the
// toggle. Only a pick is saved; picking the system's own theme again clears it, so the page
// follows the system once more (a first visit saves nothing).

export type Theme = 'light' | 'dark';

/** The saved pick, or null to follow the system. */
export type ThemeChoice = Theme | null;

export const themeShown = (choice: ThemeChoice, systemDark: boolean): Theme => choice ?? (systemDark ? 'dark' : 'light');

/** What the toggle saves when pressed while `shown` is on screen. */
export function toggledChoice(shown: Theme, systemDark: boolean): ThemeChoice {
  const next: Theme = shown === 'dark' ? 'light' : 'dark';
  return next === (systemDark ? 'dark' : 'light') ? null : next;
}

/** A saved value read back: anything but a known theme (an old or edited entry) follows the system. */
export const parseChoice = (saved: string | null): ThemeChoice => (saved === 'light' || saved === 'dark' ? saved : null);
