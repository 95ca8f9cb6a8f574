import { lazy, Suspense, useState, type FormEvent, type ReactNode } from 'react';
import { navigate } from '../router';
import { useSession, type SessionController } from '../useSession';
import { storage } from '../storage';
import { humanMessage } from '../errors';
import { Participants } from './Participants';
import { SharePanel } from './SharePanel';
import { HostPanel } from './HostPanel';
import { NowPlayingCard } from './NowPlayingCard';
import { Queue } from './Queue';
import { Library } from './Library';
import { History } from './History';
import { RoomLog } from './RoomLog';
import { Sheet } from './Sheet';
import { clockTime, relativeTime, useNow } from '../time';
import { ConfirmButton } from './Confirm';
import { laptop, useMediaQuery } from '../useMediaQuery';
import { HostAway } from './HostAway';

// Each kind's screen loads on demand (like coaching and admin in App.tsx): a jam guest's phone
// does not download and parse the movie deck's or the Q&A's code. Jam and room stay in the main script.
const MovieLayout = lazy(() => import('./MovieNight').then((m) => ({ default: m.MovieLayout })));
const ClassroomLayout = lazy(() => import('./classroom/Classroom').then((m) => ({ default: m.ClassroomLayout })));
const EndedMovieSummary = lazy(() => import('./PickSettings').then((m) => ({ default: m.PickSummary })));
const EndedClassroomQuestions = lazy(() => import('./classroom/Classroom').then((m) => ({ default: m.EndedClassroomQuestions })));

const kindNames = { jam: 'Jam', movie: 'Movie night', room: 'Room', classroom: 'Q&A' };

const statusText = { connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', disconnected: 'Offline' };

export function SessionScreen({ code }: { code: string }) {
  const session = useSession(code);
  const { state } = session;
  const wide = useMediaQuery(laptop);
  const [sheet, setSheet] = useState<'people' | 'host' | null>(null);

  if (state.fatal) return <Fatal code={code} errorCode={state.fatal.code} message={state.fatal.message} />;
  if (!state.data) {
    return (
      <div className="center-card card" aria-busy="true">
        <h1>Joining {code}…</h1>
        <ConnectionBadge status={state.status} />
      </div>
    );
  }
  const d = state.data;
  const people = <PeoplePanels session={session} />;
  const main = d.session.kind === 'jam' ? <JamLayout session={session} people={wide ? people : null} />
    : d.session.kind === 'movie' ? <MovieLayout session={session} people={wide ? people : null} />
    : d.session.kind === 'classroom' ? <ClassroomLayout session={session} people={wide ? people : null} />
    : <RoomLayout session={session} people={wide ? people : null} />;

  return (
    <div className="session">
      <SessionHeader session={session} wide={wide} onOpen={setSheet} />
      {state.ended && <p className="banner" role="status">This session has ended. It is read-only now.</p>}
      {!state.ended && state.expiresAt && <ExpiryBanner session={session} expiresAt={state.expiresAt} />}
      <HostAway session={session} />
      <Suspense fallback={<p className="muted" aria-busy="true">Loading…</p>}>{main}</Suspense>
      {!wide && (
        <>
          <Sheet title="People and invite" open={sheet === 'people'} onClose={() => setSheet(null)}>
            <Participants session={session} />
            <SharePanel code={d.session.code} qrShown />
          </Sheet>
          {session.role === 'host' && (
            <Sheet title="Host controls" open={sheet === 'host'} onClose={() => setSheet(null)}>
              <HostPanel session={session} />
            </Sheet>
          )}
        </>
      )}
    </div>
  );
}

/**
 * Sticky while the page scrolls: what this is, whether it is live, and the ways out and in. On a
 * phone, people, invite and host controls open from here in sheets; on a laptop they are a column.
 */
function SessionHeader({ session, wide, onOpen }: { session: SessionController; wide: boolean; onOpen: (sheet: 'people' | 'host') => void }) {
  const d = session.state.data!;
  const here = d.participants.filter((p) => p.present).length;
  const leave = async () => {
    await session.run((h) => h.leaveSession());
    navigate('/');
  };
  return (
    <div className="session-head" data-testid="session-head">
      <div className="session-name">
        <h1><bdi>{d.session.title || kindNames[d.session.kind]}</bdi></h1>
        <p className="muted">{kindNames[d.session.kind]} · code <span className="mono">{d.session.code}</span></p>
      </div>
      <div className="session-actions">
        <ConnectionBadge status={session.state.status} />
        {!wide && (
          <button type="button" className="button" aria-haspopup="dialog" onClick={() => onOpen('people')}>
            People <span className="count" aria-label={`, ${here} here`}>{here}</span>
          </button>
        )}
        {!wide && session.role === 'host' && (
          <button type="button" className="button" aria-haspopup="dialog" onClick={() => onOpen('host')}>Host controls</button>
        )}
        {/* The host's leaving hands the role on (docs/protocol.md LeaveSession): ask first. */}
        {session.role === 'host' && d.session.status === 'active'
          ? <ConfirmButton label="Leave" className="button" question="Leave? Someone else here becomes the host." confirm="Yes, leave" onConfirm={() => void leave()} />
          : <button type="button" className="button" onClick={leave}>Leave</button>}
      </div>
    </div>
  );
}

/** The idle warning: when the session closes, in words and on the viewer's clock. */
function ExpiryBanner({ session, expiresAt }: { session: SessionController; expiresAt: number }) {
  const now = useNow(15_000, () => session.hub.current?.serverNow() ?? Date.now());
  return (
    <p className="banner" role="alert">
      Nothing has happened here for a while: this session closes {relativeTime(expiresAt, now)} (at {clockTime(expiresAt)}).{' '}
      <button type="button" className="button" onClick={() => void session.actions.keepAlive()}>Keep it open</button>
    </p>
  );
}

/** Who is here, how to invite more, and (for the host) the controls: the laptop's side column. */
function PeoplePanels({ session }: { session: SessionController }) {
  const kind = session.state.data!.session.kind;
  return (
    <div className="column">
      <Participants session={session} />
      <SharePanel code={session.state.data!.session.code} qrShown={kind === 'movie' || kind === 'classroom'} />
      {session.role === 'host' && <HostPanel session={session} />}
    </div>
  );
}

function JamLayout({ session, people }: { session: SessionController; people: ReactNode }) {
  return (
    <div className="jam-grid">
      {people}
      <div className="column">
        <NowPlayingCard session={session} />
        <Queue session={session} />
      </div>
      <div className="column">
        <Library session={session} />
        <History session={session} />
      </div>
    </div>
  );
}

function RoomLayout({ session, people }: { session: SessionController; people: ReactNode }) {
  return (
    <div className="room-grid">
      {people}
      <div className="column">
        <RoomLog session={session} />
      </div>
    </div>
  );
}

export function ConnectionBadge({ status }: { status: keyof typeof statusText }) {
  return (
    <span className={`conn conn-${status}`} aria-live="polite">
      <span className="dot" aria-hidden="true" />
      <span className="sr-only">Connection: </span>{statusText[status]}
    </span>
  );
}

function Fatal({ code, errorCode, message }: { code: string; errorCode: string; message: string }) {
  const [name, setName] = useState(storage.name);
  if (errorCode === 'need_name' || errorCode === 'invalid_token') {
    const submit = (e: FormEvent) => {
      e.preventDefault();
      storage.setName(name.trim());
      location.reload();
    };
    return (
      <form className="center-card card" onSubmit={submit} aria-labelledby="name-heading">
        <h1 id="name-heading">Join {code}</h1>
        {errorCode === 'invalid_token' && <p role="alert">{humanMessage(errorCode)}</p>}
        <div className="field">
          <label htmlFor="fatal-name">Your name</label>
          <input id="fatal-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={20} required />
        </div>
        <button type="submit" className="button primary">Join</button>
      </form>
    );
  }
  return (
    <div className="center-card card">
      <h1>{errorCode === 'kicked' || errorCode === 'banned' ? 'You were removed' : errorCode === 'session_ended' ? 'Session ended' : 'Cannot join'}</h1>
      <p role="alert">{message}</p>
      {errorCode === 'session_ended' && <Suspense fallback={null}><EndedClassroomQuestions code={code} /><EndedMovieSummary code={code} /></Suspense>}
      <button type="button" className="button primary" onClick={() => navigate('/')}>Back to home</button>
    </div>
  );
}
