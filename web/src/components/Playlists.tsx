import { useEffect, useState, type ChangeEvent } from 'react';
import { toHuddleError } from '../errors';
import { playlists, type PlaylistSummary, type QueueReport, type SubsonicStatus } from '../playlists';
import type { SessionController } from '../useSession';
import { useToast } from '../toasts';

/** The host's playlists card in the jam's library panel: save the queue or history, add a playlist, import and export M3U8. */
export function Playlists({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const code = d.session.code;
  const toast = useToast();
  const [list, setList] = useState<PlaylistSummary[] | null>(null);
  const [name, setName] = useState('');
  const [report, setReport] = useState<string | null>(null);
  const active = d.session.status === 'active';

  const refresh = () => playlists.list().then(setList).catch(() => setList([]));
  useEffect(() => { void refresh(); }, []);

  const attempt = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (e) {
      toast(toHuddleError(e).message, 'error');
    }
  };

  const save = (from: 'queue' | 'history') => attempt(async () => {
    const saved = await playlists.save(code, name.trim() || `${d.session.title || 'Jam'} ${from}`, from);
    toast(`Saved “${saved.name}”`);
    setName('');
    await refresh();
  });

  const describe = (r: QueueReport) => {
    const reasons = [...new Set(r.refused.map((x) => x.message))];
    return `Added ${r.added} of ${r.added + r.refused.length} songs.${reasons.length ? ` Not added: ${reasons.join(' ')}` : ''}`;
  };

  const add = (p: PlaylistSummary) => attempt(async () => setReport(describe(await playlists.addToQueue(code, p.id))));

  const importFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    void attempt(async () => {
      const result = await playlists.import(code, name.trim() || file.name.replace(/\.m3u8?$/i, '').slice(0, 100), file);
      setReport(`Imported “${result.playlist.name}”.${result.unmatched.length ? ` ${result.unmatched.length} lines matched no song (first: line ${result.unmatched[0].line}).` : ''}`);
      await refresh();
    });
  };

  const remove = (p: PlaylistSummary) => attempt(async () => { await playlists.remove(code, p.id); await refresh(); });

  return (
    <section className="card" aria-labelledby="playlists-heading">
      <h2 id="playlists-heading">Playlists</h2>
      <SubsonicLine />
      <div className="field">
        <label htmlFor="playlist-name">Playlist name</label>
        <input id="playlist-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder="Friday night" />
      </div>
      <div className="row">
        <button type="button" className="button small" onClick={() => void save('queue')} disabled={!active}>Save queue</button>
        <button type="button" className="button small" onClick={() => void save('history')}>Save history</button>
        <label className="button small ghost">Import M3U8<input type="file" accept=".m3u8,.m3u,audio/x-mpegurl" hidden onChange={importFile} /></label>
      </div>
      {report && <p className="notice" role="status" data-testid="playlist-report">{report}</p>}
      {list === null ? <p className="muted">Loading…</p> : list.length === 0 ? <p className="muted">No playlists yet.</p> : (
        <ul className="songs" aria-label="Playlists">
          {list.map((p) => (
            <li key={p.id}>
              <div className="song">
                <div className="song-title"><bdi>{p.name}</bdi></div>
                <div className="muted small">{p.songCount} songs · <a href={p.m3u8Url} download>Export M3U8</a></div>
              </div>
              <button type="button" className="button small" disabled={!active} onClick={() => void add(p)} aria-label={`Add ${p.name} to the queue`}>Add</button>
              <button type="button" className="button small ghost" onClick={() => void remove(p)} aria-label={`Delete ${p.name}`}>Delete</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The Subsonic source's state, for hosts: nothing when none is configured. */
function SubsonicLine() {
  const [status, setStatus] = useState<SubsonicStatus | null>(null);
  useEffect(() => { playlists.subsonic().then(setStatus).catch(() => setStatus(null)); }, []);
  if (!status || status.state === 'off') return null;
  return status.state === 'failed'
    ? <p className="notice" data-testid="subsonic-status">Subsonic server unavailable ({status.code}): {status.message}</p>
    : <p className="muted" data-testid="subsonic-status">Subsonic server: {status.state === 'ok' ? `${status.songs} songs` : 'connecting…'}</p>;
}
