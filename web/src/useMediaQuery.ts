import { useEffect, useState } from 'react';

/** Whether a CSS media query matches now, re-rendered when it starts or stops matching. */
export function useMediaQuery(query: string): boolean {
  const get = () => window.matchMedia?.(query).matches ?? false;
  const [matches, setMatches] = useState(get);
  useEffect(() => {
    const list = window.matchMedia?.(query);
    if (!list) return undefined;
    const changed = () => setMatches(list.matches);
    changed();
    list.addEventListener('change', changed);
    return () => list.removeEventListener('change', changed);
  }, [query]);
  return matches;
}

/** The width from which session screens are a dashboard with columns instead of a phone screen with sheets. */
export const laptop = '(min-width: 1024px)';
