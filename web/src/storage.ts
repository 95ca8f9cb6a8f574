// What the browser remembers: your name, one participant token per session code, the theme,
// and whether this device plays the jam's audio ("Play here").

const safe = <T,>(fn: () => T, fallback: T): T => {
  try { return fn(); } catch { return fallback; }
};

export const storage = {
  name: () => safe(() => localStorage.getItem('huddle.name') ?? '', ''),
  setName: (name: string) => safe(() => localStorage.setItem('huddle.name', name), undefined),
  token: (code: string) => safe(() => localStorage.getItem(`huddle.token.${code.toUpperCase()}`), null),
  setToken: (code: string, token: string) => safe(() => localStorage.setItem(`huddle.token.${code.toUpperCase()}`, token), undefined),
  clearToken: (code: string) => safe(() => localStorage.removeItem(`huddle.token.${code.toUpperCase()}`), undefined),
  theme: () => safe(() => localStorage.getItem('huddle.theme'), null) as 'light' | 'dark' | null,
  playHere: () => safe(() => localStorage.getItem('huddle.playHere') === '1', false),
  setPlayHere: (on: boolean) => safe(() => localStorage.setItem('huddle.playHere', on ? '1' : '0'), undefined),
  setTheme: (theme: 'light' | 'dark') => safe(() => localStorage.setItem('huddle.theme', theme), undefined),
};
