// What the browser remembers: your name, one participant token per session code, the theme,
// whether this device plays the jam's audio ("Play here"), and a random device id sent on join
// (a kick bans it for that session; the server keeps it only hashed and never shows it to anyone).

import { parseChoice, type ThemeChoice } from './theme';

const safe = <T,>(fn: () => T, fallback: T): T => {
  try { return fn(); } catch { return fallback; }
};

export const storage = {
  name: () => safe(() => localStorage.getItem('huddle.name') ?? '', ''),
  setName: (name: string) => safe(() => localStorage.setItem('huddle.name', name), undefined),
  token: (code: string) => safe(() => localStorage.getItem(`huddle.token.${code.toUpperCase()}`), null),
  setToken: (code: string, token: string) => safe(() => localStorage.setItem(`huddle.token.${code.toUpperCase()}`, token), undefined),
  clearToken: (code: string) => safe(() => localStorage.removeItem(`huddle.token.${code.toUpperCase()}`), undefined),
  deviceId: (): string | undefined => safe(() => {
    let id = localStorage.getItem('huddle.device');
    if (!id || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) {
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      localStorage.setItem('huddle.device', id);
    }
    return id;
  }, undefined),
  /** The theme the person picked, or null to follow the system (src/theme.ts). */
  theme: (): ThemeChoice => parseChoice(safe(() => localStorage.getItem('huddle.theme'), null)),
  playHere: () => safe(() => localStorage.getItem('huddle.playHere') === '1', false),
  setPlayHere: (on: boolean) => safe(() => localStorage.setItem('huddle.playHere', on ? '1' : '0'), undefined),
  setTheme: (choice: ThemeChoice) => safe(() => (choice ? localStorage.setItem('huddle.theme', choice) : localStorage.removeItem('huddle.theme')), undefined),
};
