import { useEffect } from 'react';
import { auth, coachingApi } from './api';
import { useAuth } from './shared';
import { AccountScreen } from './AccountScreen';
import { AuthScreen } from './AuthScreen';
import { AvailabilityEditor } from './AvailabilityEditor';
import { BookingRulesForm } from './BookingRulesForm';
import { CalendarSettings } from './CalendarSettings';
import { CoachingHome } from './CoachingHome';
import { CoachScreen } from './CoachScreen';
import { SessionDetails } from './SessionDetails';
import { ZonePicker } from './ZonePicker';
import { useZone } from './zone';
import './coaching.css';

/** The coaching kind's screens under /coaching (SPEC §7): accounts, coaches, booking, sessions. */
export function CoachingApp({ path }: { path: string }) {
  const me = useAuth();
  useZone(); // a new zone pick re-renders every screen's times
  // Roles can change (an admin grants "coach"): refresh the saved account once per sign-in.
  useEffect(() => {
    if (!me) return;
    coachingApi.me().then((account) => {
      const saved = auth.get();
      if (saved && saved.account.roles.join() !== account.roles.join()) auth.set({ ...saved, account });
    }, () => {});
  }, [me?.accessToken]); // eslint-disable-line react-hooks/exhaustive-deps
  const session = /^\/coaching\/sessions\/([0-9a-f-]{36})\/?$/i.exec(path);
  const coach = /^\/coaching\/coaches\/([0-9a-f-]{36})\/?$/i.exec(path);
  let screen;
  if (path.startsWith('/coaching/login')) screen = <AuthScreen />;
  else if (path.startsWith('/coaching/account')) screen = <AccountScreen />;
  else if (path.startsWith('/coaching/availability')) screen = <><AvailabilityEditor /><BookingRulesForm /><CalendarSettings /></>;
  else if (session) screen = <SessionDetails key={session[1]} id={session[1]} />;
  else if (coach) screen = <CoachScreen key={coach[1]} id={coach[1]} />;
  else screen = <CoachingHome />;
  return <div className="coaching">{screen}<ZonePicker /></div>;
}
