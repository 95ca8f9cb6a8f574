import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api } from '../api';
import { toHuddleError } from '../errors';
import { addBlock } from '../fairness';
import type { SessionController } from '../useSession';
import type { Song } from '../types';
import { useToast } from '../toasts';
import { formatTime } from './NowPlayingCard';
import { Playlists } from './Playlists';
import { Cover } from './GeneratedCover';
import { SpotifySearch } from './SpotifySearch';

export function Library({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const toast = useToast();
  const [genres, setGenres] = useState<string[]>([]);
  const [query, setQuery] = useState('');
  const [genre, setGenre] = useState('');
  const [results, setResults] = useState<Song[] | null>(null);
  const [picks, setPicks] = useState<Song[] | null>(null);
  const active = d.session.status === 'active';

  const taken = useMemo(() => new Set([...d.queue.map((q) => q.catalogId), ...(d.nowPlaying ? [d.nowPlaying.item.catalogId] : [])]), [d.queue, d.nowPlaying]);
  const played = d.history.length;

  // Why Add is disabled (locked, limit, cooldown); a cooldown counts down on the server's clock.
  const serverNow = () => session.hub.current?.serverNow() ?? Date.now();
  const [now, setNow] = useState(serverNow);
  const block = active ? addBlock(d, session.role, now) : null;
  useEffect(() => {
    if (!block?.until) return undefined;
    const timer = setInterval(() => setNow(serverNow()), 1000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [block?.until]);
  useEffect(() => setNow(serverNow()), [d.queue, d.session.settings]); // eslint-disable-line react-hooks/exhaustive-deps

  const search = async (q: string, g: string) => {
    try {
      setResults((await api.searchSongs({ q, genre: g, limit: 30 })).items);
    } catch (e) {
      toast(toHuddleError(e).message, 'error');
    }
  };

  useEffect(() => {
    api.genres().then(setGenres).catch(() => setGenres([]));
    void search('', '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const refreshPicks = () => session.run((h) => h.getRecommendations(10)).then((songs) => { if (songs) setPicks(songs); });
  // New picks when the queue's songs or the history change (the server's picks depend on both).
  const queueKey = d.queue.map((q) => q.catalogId).sort().join(',');
  useEffect(() => {
    if (active && session.state.status === 'connected') void refreshPicks();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queueKey, played, session.state.status, active]);

  const add = (song: Song) => session.run((h) => h.addToQueue(song.id)).then((item) => { if (item) toast(`Added ${song.title}`); });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void search(query, genre);
  };

  const songList = (songs: Song[], label: string) => (
    // Focusable: a scrolling list must scroll by keyboard even when none of its buttons can take focus (an ended jam).
    <ul className="songs" aria-label={label} tabIndex={0}>
      {songs.map((s) => (
        <li key={s.id}>
          <Cover title={s.title} coverUrl={s.coverUrl} size={44} decorative />
          <div className="song">
            <div className="song-title"><bdi>{s.title}</bdi></div>
            <div className="muted small"><bdi>{s.artist}</bdi> · {s.genre} · {s.year || 'year unknown'} · {formatTime(s.durationSeconds)}{s.hasAudio ? '' : ' · no audio'}</div>
          </div>
          {/* Blocked by a fairness rule: aria-disabled, not disabled, so the list stays reachable by keyboard and the reason is read out. */}
          <button type="button" className="button small" disabled={!active || taken.has(s.id)} aria-disabled={block !== null || undefined}
            aria-describedby={block ? 'add-blocked' : undefined}
            aria-label={`${taken.has(s.id) ? "Queued" : "Add"} ${s.title} by ${s.artist}`} onClick={() => { if (!block) void add(s); }}>
            {taken.has(s.id) ? 'Queued' : 'Add'}
          </button>
        </li>
      ))}
    </ul>
  );

  return (
    <>
      <section className="card" aria-labelledby="picks-heading">
        <div className="card-head">
          <h2 id="picks-heading">AI picks</h2>
          <button type="button" className="button small ghost" onClick={refreshPicks} disabled={!active}>Refresh picks</button>
        </div>
        {picks === null ? <p className="muted">Finding songs for this group…</p>
          : picks.length === 0 ? <p className="muted">No picks right now.</p>
          : songList(picks, 'AI picks')}
      </section>
      <section className="card" aria-labelledby="library-heading">
        <h2 id="library-heading">Library</h2>
        {block && <p id="add-blocked" className="notice" role="status" data-testid="add-blocked">{block.reason}</p>}
        <form className="search" role="search" onSubmit={submit} aria-label="Search the library">
          <div className="field">
            <label htmlFor="song-search">Search songs</label>
            <input id="song-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} maxLength={100} placeholder="Title, artist or album" />
          </div>
          <div className="field">
            <label htmlFor="song-genre">Genre</label>
            <select id="song-genre" value={genre} onChange={(e) => { setGenre(e.target.value); void search(query, e.target.value); }}>
              <option value="">All genres</option>
              {genres.map((g) => <option key={g} value={g}>{g}</option>)}
            </select>
          </div>
          <button type="submit" className="button">Search</button>
        </form>
        {results === null ? <p className="muted">Loading…</p> : results.length === 0 ? <p className="muted">No songs match.</p> : songList(results, 'Search results')}
      </section>
      <SpotifySearch session={session} list={songList} />
      {session.role === 'host' && <Playlists session={session} />}
    </>
  );
}
