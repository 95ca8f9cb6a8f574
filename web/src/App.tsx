import { useEffect, useState } from 'react';
import { Home } from './components/Home';
import { CoachingApp } from './coaching/CoachingApp';
import { SessionScreen } from './components/SessionScreen';
import { AdminPage } from './components/admin/AdminPage';
import { ToastProvider } from './toasts';
import { useRoute } from './router';
import { storage } from './storage';
import { Presenter } from './components/classroom/Presenter';

function useTheme() {
  const [theme, setTheme] = useState<'light' | 'dark'>(
    () => storage.theme() ?? (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    storage.setTheme(theme);
  }, [theme]);
  return [theme, () => setTheme((t) => (t === 'dark' ? 'light' : 'dark'))] as const;
}

export function App() {
  const route = useRoute();
  const [theme, toggleTheme] = useTheme();
  if (route.page === 'present') return <ToastProvider><Presenter key={route.code} code={route.code} /></ToastProvider>;
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
        {route.page === 'admin' ? <AdminPage />
          : route.page === 'coaching' ? <CoachingApp path={route.path} />
          : route.page === 'session' ? <SessionScreen key={route.code} code={route.code} /> : <Home code={route.code} />}
      </main>
    </ToastProvider>
  );
}
