import { lazy, Suspense, useEffect, useState } from 'react';
import { Home } from './components/Home';
import { ToastProvider } from './toasts';
import { useRoute } from './router';
import { storage } from './storage';
import { themeShown, toggledChoice } from './theme';
import { useMediaQuery } from './useMediaQuery';

// Screens most visitors never open load on demand, so a guest's phone parses only the session
// screens (Lighthouse's total blocking time on a throttled phone: docs/lighthouse.md).
const CoachingApp = lazy(() => import('./coaching/CoachingApp').then((m) => ({ default: m.CoachingApp })));
const AdminPage = lazy(() => import('./components/admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const Presenter = lazy(() => import('./components/classroom/Presenter').then((m) => ({ default: m.Presenter })));
// The session screens too, with the SignalR client (a fifth of the main script): the home page, the
// coaching pages and the admin page never open a hub, and a session page fetches this chunk as soon
// as the app starts, while its own hub connection could not start any earlier anyway.
const SessionScreen = lazy(() => import('./components/SessionScreen').then((m) => ({ default: m.SessionScreen })));

const loading = <p className="center-card" aria-busy="true">Loading…</p>;

/** The system's theme until the toggle picks one (src/theme.ts); a change of the system's theme shows at once. */
function useTheme() {
  const systemDark = useMediaQuery('(prefers-color-scheme: dark)');
  const [choice, setChoice] = useState(storage.theme);
  const theme = themeShown(choice, systemDark);
  useEffect(() => { document.documentElement.dataset.theme = theme; }, [theme]);
  const toggle = () => {
    const next = toggledChoice(theme, systemDark);
    storage.setTheme(next);
    setChoice(next);
  };
  return [theme, toggle] as const;
}

export function App() {
  const route = useRoute();
  const [theme, toggleTheme] = useTheme();
  if (route.page === 'present') return <ToastProvider><Suspense fallback={loading}><Presenter key={route.code} code={route.code} /></Suspense></ToastProvider>;
  return (
    <ToastProvider>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <a className="brand" href="/" aria-label="Huddle home">Huddle</a>
        <div className="topbar-slot" id="topbar-slot" />
        <button type="button" className="button ghost" onClick={toggleTheme} aria-pressed={theme === 'dark'}>
          <span aria-hidden="true">{theme === 'dark' ? '☾ ' : '☀ '}</span>Dark theme
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={loading}>
        {route.page === 'admin' ? <AdminPage />
          : route.page === 'coaching' ? <CoachingApp path={route.path} />
          : route.page === 'session' ? <SessionScreen key={route.code} code={route.code} /> : <Home code={route.code} />}
        </Suspense>
      </main>
    </ToastProvider>
  );
}
