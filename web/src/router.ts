import { useEffect, useState } from 'react';

export type Route =
  | { page: 'home'; code?: string }
  | { page: 'session'; code: string }
  | { page: 'present'; code: string }
  | { page: 'admin' }
  | { page: 'coaching'; path: string };

export function parse(path: string): Route {
  if (path === '/coaching' || path.startsWith('/coaching/')) return { page: 'coaching', path };
  const join = /^\/join\/([A-Za-z0-9]{1,12})\/?$/.exec(path);
  if (join) return { page: 'home', code: join[1].toUpperCase() };
  const session = /^\/s\/([A-Za-z0-9]{1,12})\/?$/.exec(path);
  if (session) return { page: 'session', code: session[1].toUpperCase() };
  const present = /^\/present\/([A-Za-z0-9]{1,12})\/?$/.exec(path);
  if (present) return { page: 'present', code: present[1].toUpperCase() };
  if (/^\/admin\/?$/.test(path)) return { page: 'admin' };
  return { page: 'home' };
}

export function navigate(path: string) {
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(location.pathname));
  useEffect(() => {
    const update = () => setRoute(parse(location.pathname));
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return route;
}
