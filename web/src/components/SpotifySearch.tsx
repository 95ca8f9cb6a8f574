import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { toHuddleError } from '../errors';
import type { SessionController } from '../useSession';
import { spotify } from '../spotify';
import { useToast } from '../toasts';
import type { Song } from '../types';

/**
 * Spotify search in the library panel, shown once the host linked Spotify. Results are songs with
 * `sp:` ids, listed (and added) exactly like library songs by the caller's `list`.
 */
export function SpotifySearch({ session, list }: { session: SessionController; list: (songs: Song[], label: string) => ReactNode }) {
  const d = session.state.data!;
  const code = d.session.code;
  const token = d.you.participantToken;
  const toast = useToast();
  const [linked, setLinked] = useState(false);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Song[] | null>(null);

  // No event says the host linked or unlinked Spotify: look again now and then, and when the song changes.
  useEffect(() => {
    let live = true;
    const load = () => spotify.status(code, token).then((s) => { if (live) setLinked(s.linked); }, () => undefined);
    void load();
    const timer = setInterval(load, 15_000);
    return () => { live = false; clearInterval(timer); };
  }, [code, token, d.nowPlaying?.item.itemId]);

  if (!linked) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!query.trim()) return;
    try {
      setResults((await spotify.search(code, token, query.trim())).items);
    } catch (e) {
      toast(toHuddleError(e).message, 'error');
    }
  };

  return (
    <section className="card" aria-labelledby="spotify-heading">
      <h2 id="spotify-heading">Spotify</h2>
      <form className="search" role="search" onSubmit={submit} aria-label="Search Spotify">
        <div className="field">
          <label htmlFor="spotify-search">Search Spotify</label>
          <input id="spotify-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} maxLength={100} placeholder="Title, artist or album" />
        </div>
        <button type="submit" className="button">Search</button>
      </form>
      {results === null ? null : results.length === 0 ? <p className="muted">Spotify has no match.</p> : list(results, 'Spotify results')}
    </section>
  );
}
