import { useId, useState, type FormEvent } from 'react';
import { api } from '../api';
import { toHuddleError } from '../errors';
import { navigate } from '../router';
import { storage } from '../storage';
import type { Kind } from '../types';
import { defaultMovieNight, MoviePreferencesForm } from './MoviePreferencesForm';
import { MyRooms } from './classroom/MyRooms';
import { ownedRooms } from './classroom/ownedRooms';

export function Home({ code: initialCode }: { code?: string }) {
  const [name, setName] = useState(storage.name);
  const [kind, setKind] = useState<Kind>('jam');
  const [title, setTitle] = useState('');
  const [allowVoting, setAllowVoting] = useState(true);
  const [autoPlay, setAutoPlay] = useState(true);
  const [maxQueueSize, setMaxQueueSize] = useState(50);
  const [skipPercent, setSkipPercent] = useState(50);
  const [movieNight, setMovieNight] = useState(defaultMovieNight);
  const [allowAnonymous, setAllowAnonymous] = useState(true);
  const [moderation, setModeration] = useState(false);
  const [defaultBlockedWords, setDefaultBlockedWords] = useState(true);
  const [code, setCode] = useState(initialCode ?? '');
  const [busy, setBusy] = useState<'create' | 'join' | null>(null);
  const [createError, setCreateError] = useState('');
  const [joinError, setJoinError] = useState('');
  const ids = { name: useId(), joinName: useId(), title: useId(), code: useId(), queue: useId(), skip: useId() };

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy('create');
    setCreateError('');
    try {
      const settings = kind === 'jam' ? { allowVoting, autoPlay, maxQueueSize, skipThreshold: skipPercent / 100 }
        : kind === 'movie' ? { matchRule: movieNight.matchRule, endAtFirstMatch: movieNight.endAtFirstMatch, deckReadyCheck: movieNight.deckReadyCheck }
        : kind === 'classroom' ? { allowAnonymous, moderation } : undefined;
      const classroomFilter = kind === 'classroom' ? defaultBlockedWords : undefined;
      // A signed-in teacher's Q&A belongs to their account (its own cap, "My rooms", reopen).
      const created = kind === 'classroom' && ownedRooms.signedIn()
        ? await ownedRooms.create({ hostName: name.trim(), title: title.trim() || undefined, settings, defaultBlockedWords: classroomFilter })
        : await api.createSession({
          kind, hostName: name.trim(), title: title.trim() || undefined, settings, defaultBlockedWords: classroomFilter,
          preferences: kind === 'movie' ? movieNight.preferences : undefined,
        });
      storage.setName(name.trim());
      storage.setToken(created.code, created.participantToken);
      navigate(`/s/${created.code}`);
    } catch (error) {
      setCreateError(toHuddleError(error).message);
    } finally {
      setBusy(null);
    }
  };

  const join = async (e: FormEvent) => {
    e.preventDefault();
    const normalized = code.trim().toUpperCase();
    setBusy('join');
    setJoinError('');
    storage.setName(name.trim());
    try {
      const summary = await api.getSession(normalized);
      // An ended Q&A stays readable (its questions and answers); other kinds have nothing to show.
      if (summary.status === 'ended' && summary.kind !== 'classroom' && summary.kind !== 'movie') throw toHuddleError('session_ended: ended');
      navigate(`/s/${summary.code}`);
    } catch (error) {
      setJoinError(toHuddleError(error).message);
    } finally {
      setBusy(null);
    }
  };

  const nameField = (id: string) => (
    <div className="field">
      <label htmlFor={id}>Your name</label>
      <input id={id} value={name} onChange={(e) => setName(e.target.value)} maxLength={20} required autoComplete="nickname" />
    </div>
  );

  return (
    <div className="home">
      <section className="hero">
        <h1>Decide together, live.</h1>
        <p>Start a jam where everyone votes on the next song, a movie night where the group swipes to a match, a live Q&amp;A where the room upvotes questions, or a bare room for your own real-time events. Share a code — no accounts.</p>
        <p><a href="/coaching">Coaching: book a session with a coach →</a></p>
      </section>
      <MyRooms />
      <div className="home-grid">
        <form className="card" onSubmit={join} aria-labelledby="join-heading">
          <h2 id="join-heading">Join a session</h2>
          <div className="field">
            <label htmlFor={ids.code}>Session code</label>
            <input id={ids.code} className="code-input" value={code} onChange={(e) => setCode(e.target.value.toUpperCase())}
              maxLength={12} required autoCapitalize="characters" autoComplete="off" spellCheck={false}
              aria-invalid={joinError ? true : undefined} aria-describedby={joinError ? 'join-error' : undefined} />
          </div>
          {nameField(ids.joinName)}
          {joinError && <p className="form-error" id="join-error" role="alert">{joinError}</p>}
          <button type="submit" className="button primary" disabled={busy !== null}>{busy === 'join' ? 'Joining…' : 'Join'}</button>
        </form>

        <form className="card" onSubmit={create} aria-labelledby="create-heading">
          <h2 id="create-heading">Start a session</h2>
          <fieldset className="segmented">
            <legend>Kind</legend>
            <label><input type="radio" name="kind" value="jam" checked={kind === 'jam'} onChange={() => setKind('jam')} /> Jam</label>
            <label><input type="radio" name="kind" value="movie" checked={kind === 'movie'} onChange={() => setKind('movie')} /> Movie night</label>
            <label><input type="radio" name="kind" value="classroom" checked={kind === 'classroom'} onChange={() => setKind('classroom')} /> Q&amp;A</label>
            <label><input type="radio" name="kind" value="room" checked={kind === 'room'} onChange={() => setKind('room')} /> Room</label>
          </fieldset>
          {nameField(ids.name)}
          <div className="field">
            <label htmlFor={ids.title}>Title <span className="muted">(optional)</span></label>
            <input id={ids.title} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={80} />
          </div>
          {kind === 'jam' && (
            <details className="options">
              <summary>Jam options</summary>
              <label className="check"><input type="checkbox" checked={allowVoting} onChange={(e) => setAllowVoting(e.target.checked)} /> Allow voting</label>
              <label className="check"><input type="checkbox" checked={autoPlay} onChange={(e) => setAutoPlay(e.target.checked)} /> Play the next song automatically</label>
              <div className="field">
                <label htmlFor={ids.queue}>Maximum queue size</label>
                <input id={ids.queue} type="number" min={1} max={50} value={maxQueueSize} onChange={(e) => setMaxQueueSize(Number(e.target.value))} />
              </div>
              <div className="field">
                <label htmlFor={ids.skip}>Votes to skip (% of people here)</label>
                <input id={ids.skip} type="number" min={1} max={100} value={skipPercent} onChange={(e) => setSkipPercent(Number(e.target.value))} />
              </div>
            </details>
          )}
          {kind === 'movie' && <MoviePreferencesForm value={movieNight} onChange={setMovieNight} />}
          {kind === 'classroom' && (
            <details className="options" open>
              <summary>Q&amp;A options</summary>
              <label className="check"><input type="checkbox" checked={allowAnonymous} onChange={(e) => setAllowAnonymous(e.target.checked)} /> Allow anonymous questions</label>
              <label className="check"><input type="checkbox" checked={moderation} onChange={(e) => setModeration(e.target.checked)} /> Approve questions before everyone sees them</label>
              <label className="check"><input type="checkbox" checked={defaultBlockedWords} onChange={(e) => setDefaultBlockedWords(e.target.checked)} /> Filter common profanity (held for review)</label>
            </details>
          )}
          {createError && <p className="form-error" role="alert">{createError}</p>}
          <button type="submit" className="button primary" disabled={busy !== null}>
            {busy === 'create' ? 'Creating…' : kind === 'jam' ? 'Start a jam' : kind === 'movie' ? 'Start a movie night' : kind === 'classroom' ? 'Start a Q&A' : 'Open a room'}
          </button>
        </form>
      </div>
    </div>
  );
}
