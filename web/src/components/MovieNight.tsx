import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api';
import { humanMessage, toHuddleError } from '../errors';
import { imageSources, matchRuleText, nextCard, offerKindText, runtimeText, useCatalogNames, useMovieImages, watching, type CatalogNames, type WatchOptions } from '../movie';
import type { SessionController } from '../useSession';
import { useToast } from '../toasts';
import type { MatchRule, MovieCard, MovieSummary } from '../types';
import { PlaybackControls, PlaybackProgress, useLivePosition } from './Playback';
import { FilmPlayer, canPlay, useFilms } from './FilmPlayer';
import { orderForPick } from '../filmMatch';
import { ReadyCheck } from './ReadyCheck';
import { PlatformChoice, PlatformParty } from './PlatformParty';
import '../movie.css';
import { GeneratedCover } from './GeneratedCover';
import { SwipeCard } from './SwipeCard';
import { DeckGate, PickSettings, PickSummary } from './PickSettings';

interface Props { session: SessionController; names: CatalogNames }

/** The movie screen: people and sharing, the deck with everyone's progress, matches, ranking, watch party. */
export function MovieLayout({ session, people }: { session: SessionController; people: ReactNode }) {
  const deck = session.state.data!.deck!;
  const names = useCatalogNames(deck.preferences.region);
  const isHost = session.role === 'host';
  return (
    <div className="movie-grid">
      {people}
      <div className="column">
        {deck.notice && <p className="notice" role="status"><strong>Offline catalog:</strong> {deck.notice}</p>}
        {session.state.data!.session.status === 'ended' && <PickSummary code={session.state.data!.session.code} />}
        <MatchBanner session={session} />
        <Deck session={session} names={names} />
        <Progress session={session} />
      </div>
      <div className="column">
        <WatchParty session={session} />
        <Ranking session={session} />
        <SuggestFilm session={session} />
        {isHost && <MovieSettings session={session} />}
        {session.role !== 'member' && <PickSettings session={session} />}
      </div>
    </div>
  );
}

function MatchBanner({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const latest = d.deck!.matches.at(-1);
  if (!latest) return null;
  const likedBy = latest.likedBy.map((id) => d.participants.find((p) => p.participantId === id)?.name).filter(Boolean).join(', ');
  const active = d.session.status === 'active';
  return (
    <section className="card match-banner" aria-labelledby="match-heading">
      <h2 id="match-heading">It&apos;s a match!</h2>
      <p className="match-title" data-testid="match-title"><bdi>{latest.movie.title}</bdi></p>
      <p className="muted">Liked by <bdi>{likedBy}</bdi>{d.deck!.matches.length > 1 && ` · ${d.deck!.matches.length} matches so far`}</p>
      {watching(d)?.movie.movieId === latest.movie.movieId
        ? <p className="small">Now in the watch party.</p>
        : session.role === 'host' && active && (
          <button type="button" className="button primary" onClick={() => session.run((h) => h.pickMovie(latest.movie.movieId))}>
            Watch <bdi>{latest.movie.title}</bdi>
          </button>
        )}
    </section>
  );
}

function Deck({ session, names }: Props) {
  const toast = useToast();
  const d = session.state.data!;
  const deck = d.deck!;
  const active = d.session.status === 'active';
  // Undo withdraws the last choice on the server (Unswipe) and brings the card back on top to decide again.
  const [last, setLast] = useState<{ movieId: number; like: boolean; title: string } | null>(null);
  const [reopened, setReopened] = useState<number | null>(null);
  const reopenedIndex = reopened === null ? -1 : deck.cards.findIndex((c) => c.movieId === reopened);
  const next = reopenedIndex >= 0 ? { card: deck.cards[reopenedIndex], index: reopenedIndex } : nextCard(d);
  const decided = deck.cards.filter((c) => deck.myChoices[c.movieId] !== undefined).length;
  const decide = async (like: boolean) => {
    if (!next || !active) return false;
    const ok = await session.actions.swipe(next.card.movieId, like);
    if (ok) {
      setReopened(null);
      setLast({ movieId: next.card.movieId, like, title: next.card.title });
    }
    return ok;
  };
  const undo = async () => {
    if (!last || !(await session.actions.unswipe(last.movieId))) return;
    setReopened(last.movieId);
    setLast(null);
  };
  const dealMore = async () => {
    const dealt = await session.run((h) => h.dealMore());
    if (dealt !== undefined) toast(`${dealt} more films dealt`);
  };

  return (
    <section className="card deck" aria-labelledby="deck-heading">
      <div className="card-head">
        <h2 id="deck-heading">Candidates</h2>
        <span className="count" aria-live="polite">{decided} of {deck.cards.length} decided</span>
      </div>
      {deck.deckReady ? <DeckGate session={session} /> : next ? (
        <SwipeCard cardKey={next.card.movieId} disabled={!active} onDecide={decide}
          label={`${next.card.title}, card ${next.index + 1} of ${deck.cards.length}. Swipe or press right arrow to like, left arrow to pass.`}>
          {(fly, busy) => (
            <>
              <FilmDetails movie={next.card} names={names} />
              <div className="swipe-buttons">
                <button type="button" className="button pass" disabled={busy} aria-label={`Pass ${next.card.title}`} aria-keyshortcuts="ArrowLeft" onClick={() => fly(false)}>
                  <span aria-hidden="true">← </span>Pass
                </button>
                <button type="button" className="button primary like" disabled={busy} aria-label={`Like ${next.card.title}`} aria-keyshortcuts="ArrowRight" onClick={() => fly(true)}>
                  Like<span aria-hidden="true"> →</span>
                </button>
              </div>
              <p className="muted small hint">Keyboard: focus the card, then → likes and ← passes.</p>
            </>
          )}
        </SwipeCard>
      ) : (
        <p className="deck-done">{deck.cards.length === 0 ? 'No films match these preferences. Suggest one by search.' : 'You have been through the deck.'}
          {session.role === 'host' ? ' Deal more, or pick from the ranking.' : ' Waiting for the others and the host.'}</p>
      )}
      {last && active && (
        <p className="undo-row">
          <span className="muted small">You {last.like ? 'liked' : 'passed'} <bdi>{last.title}</bdi>.</span>{' '}
          <button type="button" className="button" onClick={() => void undo()}>Undo</button>
        </p>
      )}
      {session.role === 'host' && active && (
        <button type="button" className={`button${next ? '' : ' primary'}`} onClick={dealMore}>Deal more films</button>
      )}
      <AllCards session={session} />
    </section>
  );
}

function Poster({ movie }: { movie: MovieCard }) {
  const images = useMovieImages();
  const poster = imageSources(images, movie.posterPath, 'poster', '(max-width: 480px) 72px, 96px');
  if (poster) return <img className="poster" {...poster} alt="" width={96} height={144} loading="lazy" decoding="async" />;
  return movie.posterUrl
    ? <img className="poster" src={movie.posterUrl} alt="" width={120} height={180} />
    : <GeneratedCover title={movie.title} size={96} decorative className="poster generated" />;
}

function FilmDetails({ movie, names }: { movie: MovieCard; names: CatalogNames }) {
  const genres = movie.genreIds.map((id) => names.genres.get(id)).filter(Boolean).join(', ');
  const providers = movie.providerIds.map((id) => names.providers.get(id)).filter(Boolean);
  return (
    <div className="film">
      <Poster movie={movie} />
      <div className="film-text">
        <h3 className="film-title"><bdi>{movie.title}</bdi>{movie.year && <span className="muted"> ({movie.year})</span>}</h3>
        <p className="muted small">{runtimeText(movie.runtimeMinutes)} · rated {movie.rating.toFixed(1)}{genres && ` · ${genres}`}</p>
        <p>{movie.overview}</p>
        <p className="small">
          {providers.length ? <>On {providers.join(', ')}</> : 'No streaming platform known'}
          {movie.availabilityIsSample && <> <span className="badge sample" title="Where a film streams is generated sample data in the offline catalog">sample availability</span></>}
        </p>
        {movie.suggestedBy && <p className="small muted">Suggested by {movie.suggestedBy.name}</p>}
      </div>
    </div>
  );
}

/** Every card with its counts; a card already decided can be changed. */
function AllCards({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const deck = d.deck!;
  const active = d.session.status === 'active';
  return (
    <details className="all-cards">
      <summary>All cards and your choices</summary>
      <ul aria-label="All cards">
        {deck.cards.map((c) => {
          const mine = deck.myChoices[c.movieId];
          return (
            <li key={c.movieId}>
              <span className="song"><bdi>{c.title}</bdi> <span className="muted small">{c.likes} like{c.likes === 1 ? '' : 's'} · {c.passes} pass{c.passes === 1 ? '' : 'es'}</span></span>
              <span className="small">{mine === undefined ? 'not decided' : mine ? 'you like it' : 'you passed'}</span>
              {mine !== undefined && active && (
                <button type="button" className="button small" onClick={() => session.actions.swipe(c.movieId, !mine)}
                  aria-label={`${mine ? 'Pass instead' : 'Like instead'}: ${c.title}`}>{mine ? 'Pass instead' : 'Like instead'}</button>
              )}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

function Progress({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const deck = d.deck!;
  const total = deck.cards.length;
  const people = d.participants.filter((p) => p.present || (deck.progress[p.participantId] ?? 0) > 0);
  return (
    <section className="card" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Everyone&apos;s progress</h2>
      <p className="muted small">A match: {matchRuleText[d.session.settings.matchRule].toLowerCase()}.</p>
      <ul className="progress-list" aria-label="Progress">
        {people.map((p) => {
          const done = deck.progress[p.participantId] ?? 0;
          return (
            <li key={p.participantId} className={p.present ? '' : 'away'}>
              <span className="person-name"><bdi>{p.name}</bdi>{!p.present && <span className="muted"> (away)</span>}</span>
              <div className="progress" role="progressbar" aria-label={`${p.name}'s progress`} aria-valuemin={0} aria-valuemax={total}
                aria-valuenow={done} aria-valuetext={`${done} of ${total}`}>
                <div className="progress-fill" style={{ width: `${total ? (done / total) * 100 : 0}%` }} />
              </div>
              <span className="small mono">{done}/{total}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Ranking({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const ranking = d.deck!.ranking;
  const canPick = session.role === 'host' && d.session.status === 'active';
  return (
    <section className="card" aria-labelledby="ranking-heading">
      <h2 id="ranking-heading">Ranking</h2>
      {ranking.length === 0 ? <p className="muted">Nobody has liked a film yet.</p> : (
        <ol className="ranking" aria-label="Ranking">
          {ranking.map((r, i) => (
            <li key={r.movieId}>
              <span className="rank" aria-hidden="true">{i + 1}</span>
              <span className="song"><span className="song-title">{r.title}</span>
                <span className="muted small"> {r.likes} like{r.likes === 1 ? '' : 's'}</span>
                {r.matched && <> <span className="badge">Match</span></>}</span>
              {canPick && <button type="button" className="button small" onClick={() => session.run((h) => h.pickMovie(r.movieId))}>Pick<span className="sr-only"> {r.title}</span></button>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function SuggestFilm({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<MovieSummary[] | null>(null);
  const [error, setError] = useState('');
  const inDeck = new Set(d.deck!.cards.map((c) => c.movieId));
  const search = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      setResults((await api.searchMovies(query.trim())).items);
    } catch (err) {
      setError(toHuddleError(err).message);
    }
  };
  if (d.session.status !== 'active') return null;
  return (
    <section className="card" aria-labelledby="suggest-heading">
      <h2 id="suggest-heading">Suggest a film</h2>
      <form role="search" aria-label="Suggest a film" onSubmit={search} className="row">
        <label htmlFor="film-search" className="sr-only">Search films</label>
        <input id="film-search" value={query} onChange={(e) => setQuery(e.target.value)} maxLength={100} required placeholder="Title…" />
        <button type="submit" className="button">Search</button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
      {results && (results.length === 0 ? <p className="muted">No film has that title.</p> : (
        <ul className="songs" aria-label="Film search results">
          {results.map((m) => (
            <li key={m.movieId}>
              <span className="song"><bdi>{m.title}</bdi> {m.year && <span className="muted">({m.year})</span>}</span>
              {inDeck.has(m.movieId)
                ? <span className="muted small">in the deck</span>
                : <button type="button" className="button small" onClick={() => session.run((h) => h.suggestMovie(m.movieId))}>Suggest<span className="sr-only"> {m.title}</span></button>}
            </li>
          ))}
        </ul>
      ))}
    </section>
  );
}

function MovieSettings({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const [rule, setRule] = useState<MatchRule>(d.session.settings.matchRule);
  useEffect(() => setRule(d.session.settings.matchRule), [d.session.settings.matchRule]);
  const save = (e: FormEvent) => {
    e.preventDefault();
    void session.run((h) => h.updateSettings({ matchRule: rule }));
  };
  return (
    <section className="card" aria-labelledby="movie-settings-heading">
      <h2 id="movie-settings-heading">Match rule</h2>
      <form onSubmit={save} aria-label="Match rule" className="settings">
        <div className="field">
          <label htmlFor="set-match-rule">A film is a match when</label>
          <select id="set-match-rule" value={rule} onChange={(e) => setRule(e.target.value as MatchRule)}>
            {(Object.keys(matchRuleText) as MatchRule[]).map((r) => <option key={r} value={r}>{matchRuleText[r]}</option>)}
          </select>
        </div>
        <button type="submit" className="button" disabled={d.session.status !== 'active'}>Save match rule</button>
      </form>
    </section>
  );
}

/** Where the picked film streams in the session's region, with TMDB's required JustWatch attribution. */
function WhereToWatch({ movieId, region }: { movieId: number; region: string }) {
  const [watch, setWatch] = useState<WatchOptions | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    api.movieWatch(movieId, region).then((w) => { if (live) setWatch(w); }, (e: unknown) => { if (live) setError(toHuddleError(e).message); });
    return () => { live = false; };
  }, [movieId, region]);
  if (error) return <p className="muted small">Where to watch: {error}</p>;
  if (!watch) return null;
  return (
    <div className="where-to-watch" aria-label="Where to watch" role="group">
      <h3 className="small">Where to watch in {watch.region}{watch.availabilityIsSample && <> <span className="badge sample">sample availability</span></>}</h3>
      {watch.offers.length === 0 ? <p className="muted small">No platform offers it here.</p> : (
        <ul className="offers">
          {watch.offers.map((o) => (
            <li key={`${o.kind}-${o.providerId}`}>
              {o.link
                ? <a href={o.link} target="_blank" rel="noopener noreferrer">{o.providerName}</a>
                : <span>{o.providerName}</span>}
              <span className="muted small"> · {offerKindText[o.kind]}</span>
            </li>
          ))}
        </ul>
      )}
      {watch.attribution && (
        <p className="muted small attribution">
          {watch.attributionUrl ? <a href={watch.attributionUrl} target="_blank" rel="noopener noreferrer">{watch.attribution}</a> : watch.attribution}
        </p>
      )}
    </div>
  );
}

/** Synced playback of the picked film: everyone sees (and, with a film folder, plays) the same moment on the server's clock. */
function WatchParty({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const film = watching(d);
  const party = d.deck!.party ?? { fileId: null, fileTitle: null, everyoneControls: false, buffering: [], waiting: false };
  const active = d.session.status === 'active';
  const isHost = session.role === 'host';
  const canControl = (session.role !== 'member' || party.everyoneControls) && active;
  const duration = (film?.movie.runtimeMinutes ?? 0) * 60;
  const position = useLivePosition(session, film?.playback, duration);
  const films = useFilms();
  const file = films?.films.find((f) => f.id === party.fileId);
  const jellyfinOn = !!films?.jellyfin && films.jellyfin.state !== 'off';
  return (
    <section className="card now-playing" aria-labelledby="watch-heading">
      <h2 id="watch-heading">Watch party</h2>
      {!film ? (
        <p className="muted">{isHost ? 'Pick a match or a film from the ranking to watch it together.' : 'The host picks the film.'}</p>
      ) : (
        <>
          <div className="np-title" data-testid="watch-title"><bdi>{film.movie.title}</bdi></div>
          {file
            ? <FilmPlayer session={session} film={file} party={party} playback={film.playback} duration={duration} />
            : party.platform
              ? <PlatformParty session={session} party={party} playback={film.playback} title={film.movie.title} duration={duration} canControl={canControl} />
              : <p className="muted small">{film.movie.year} · {runtimeText(film.movie.runtimeMinutes)} · start it on your own screen; Huddle keeps everyone at the same moment.</p>}
          {!file && <WhereToWatch movieId={film.movie.movieId} region={d.deck!.preferences.region} />}
          {file && active && <ReadyCheck session={session} party={party} playback={film.playback} />}
          <PlaybackProgress label="Film progress" playback={film.playback} position={position} duration={duration} />
          {/* On a platform the 3-2-1 replaces a bare play (PlatformParty's controls). */}
          {canControl && !party.platform && <PlaybackControls session={session} label="Watch party controls" playback={film.playback} position={position} duration={duration} />}
          {isHost && active && !file && <PlatformChoice session={session} party={party} movieId={film.movie.movieId} region={d.deck!.preferences.region} />}
          {isHost && active && films?.configured && (
            <div className="field">
              <label htmlFor="watch-file">{jellyfinOn ? 'Play from the film folder or Jellyfin' : 'Play from the film folder'}</label>
              <select id="watch-file" value={party.fileId ?? ''} onChange={(e) => void session.run((h) => h.chooseWatchFile(e.target.value || null))}>
                <option value="">Nothing (watch on a platform)</option>
                {orderForPick(films.films, film.movie.title, film.movie.year).map(({ file: f, match }) => (
                  <option key={f.id} value={f.id} disabled={!canPlay(f)}>
                    {f.title}{f.source === 'jellyfin' ? `${f.year ? ` (${f.year})` : ''} · Jellyfin` : ''}{match ? ' · matches the pick' : ''}{canPlay(f) ? '' : ' (this browser cannot play it)'}
                  </option>
                ))}
              </select>
              {films.jellyfin?.state === 'failed' && (
                <p className="muted small" role="status" data-testid="jellyfin-status">{humanMessage(films.jellyfin.code ?? '')}</p>
              )}
            </div>
          )}
          {isHost && active && (
            <label className="check">
              <input type="checkbox" checked={party.everyoneControls} onChange={(e) => void session.run((h) => h.setWatchControl(e.target.checked))} />
              {' '}Everyone may play, pause and seek
            </label>
          )}
        </>
      )}
    </section>
  );
}
