import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api';
import type { SessionController } from '../useSession';
import type { Ban, MusicLibrary, QueueOrder } from '../types';
import { SpotifyLink } from './SpotifyLink';
import { ConfirmButton } from './Confirm';

export function HostPanel({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const s = d.session.settings;
  const [allowVoting, setAllowVoting] = useState(s.allowVoting);
  const [autoPlay, setAutoPlay] = useState(s.autoPlay);
  const [maxQueueSize, setMaxQueueSize] = useState(s.maxQueueSize);
  const [skipPercent, setSkipPercent] = useState(Math.round(s.skipThreshold * 100));
  const [autoDj, setAutoDj] = useState(s.autoDj);
  const [queueOrder, setQueueOrder] = useState<QueueOrder>(s.queueOrder);
  const [maxQueuedPerPerson, setMaxQueuedPerPerson] = useState(s.maxQueuedPerPerson);
  const [addCooldownSeconds, setAddCooldownSeconds] = useState(s.addCooldownSeconds);
  const [lockAdding, setLockAdding] = useState(s.lockAdding);
  const [bans, setBans] = useState<Ban[]>([]);
  const { run, state: { banEpoch } } = session;
  // Reloaded when someone is kicked or let back in, not on every commit.
  useEffect(() => {
    let live = true;
    void run((h) => h.getBans()).then((list) => { if (live && list) setBans(list); });
    return () => { live = false; };
  }, [run, banEpoch]);
  useEffect(() => {
    setAutoDj(s.autoDj);
    setQueueOrder(s.queueOrder);
    setMaxQueuedPerPerson(s.maxQueuedPerPerson);
    setAddCooldownSeconds(s.addCooldownSeconds);
    setLockAdding(s.lockAdding);
    setAllowVoting(s.allowVoting);
    setAutoPlay(s.autoPlay);
    setMaxQueueSize(s.maxQueueSize);
    setSkipPercent(Math.round(s.skipThreshold * 100));
  }, [s]);
  const isJam = d.session.kind === 'jam';
  const ended = d.session.status === 'ended';

  const save = (e: FormEvent) => {
    e.preventDefault();
    void session.run((h) => h.updateSettings({
      allowVoting, autoPlay, maxQueueSize, skipThreshold: skipPercent / 100,
      autoDj, queueOrder, maxQueuedPerPerson, addCooldownSeconds, lockAdding,
    }));
  };
  const others = d.participants.filter((p) => p.participantId !== d.you.participantId);

  return (
    <section className="card" aria-labelledby="host-heading">
      <h2 id="host-heading">Host controls</h2>
      {isJam && (
        <form onSubmit={save} className="settings" aria-label="Session settings">
          <label className="check"><input type="checkbox" checked={allowVoting} onChange={(e) => setAllowVoting(e.target.checked)} /> Allow voting</label>
          <label className="check"><input type="checkbox" checked={autoPlay} onChange={(e) => setAutoPlay(e.target.checked)} /> Auto-play next song</label>
          <label className="check"><input type="checkbox" checked={autoDj} onChange={(e) => setAutoDj(e.target.checked)} /> Auto-DJ: Huddle picks a song when the queue runs dry</label>
          <label className="check"><input type="checkbox" checked={lockAdding} onChange={(e) => setLockAdding(e.target.checked)} /> Lock adding (only host and moderators add)</label>
          <div className="field inline">
            <label htmlFor="set-order">Queue order</label>
            <select id="set-order" value={queueOrder} onChange={(e) => setQueueOrder(e.target.value as QueueOrder)}>
              <option value="votes">By votes</option>
              <option value="fair">Fair (take turns)</option>
            </select>
          </div>
          <div className="field inline">
            <label htmlFor="set-per-person">Songs waiting per person (0 = no limit)</label>
            <input id="set-per-person" type="number" min={0} max={50} value={maxQueuedPerPerson} onChange={(e) => setMaxQueuedPerPerson(Number(e.target.value))} />
          </div>
          <div className="field inline">
            <label htmlFor="set-cooldown">Seconds between one person's adds</label>
            <input id="set-cooldown" type="number" min={0} max={3600} value={addCooldownSeconds} onChange={(e) => setAddCooldownSeconds(Number(e.target.value))} />
          </div>
          <div className="field inline">
            <label htmlFor="set-queue">Max queue size</label>
            <input id="set-queue" type="number" min={1} max={50} value={maxQueueSize} onChange={(e) => setMaxQueueSize(Number(e.target.value))} />
          </div>
          <div className="field inline">
            <label htmlFor="set-skip">Skip threshold (%)</label>
            <input id="set-skip" type="number" min={1} max={100} value={skipPercent} onChange={(e) => setSkipPercent(Number(e.target.value))} />
          </div>
          <button type="submit" className="button" disabled={ended}>Save settings</button>
        </form>
      )}
      {isJam && <MusicFolderLine />}
      {isJam && <SpotifyLink session={session} />}
      <h3>Manage people</h3>
      {others.length === 0 ? <p className="muted">Nobody else yet — share the code.</p> : (
        <ul className="manage" aria-label="Manage participants">
          {others.map((p) => (
            <li key={p.participantId}>
              <span className="person-name"><bdi>{p.name}</bdi>{!p.present && <span className="muted"> (away)</span>}</span>
              <div className="row wrap">
                {p.role === 'moderator'
                  ? <button type="button" className="button small" disabled={ended} aria-label={`Revoke mod: ${p.name}`} onClick={() => session.run((h) => h.setRole(p.participantId, 'member'))}>Revoke mod</button>
                  : <button type="button" className="button small" disabled={ended} aria-label={`Make mod: ${p.name}`} onClick={() => session.run((h) => h.setRole(p.participantId, 'moderator'))}>Make mod</button>}
                <button type="button" className="button small" disabled={ended || !p.present} aria-label={`Make host: ${p.name}`} onClick={() => session.run((h) => h.transferHost(p.participantId))}>Make host</button>
                <ConfirmButton label="Kick" name={`Kick ${p.name}`} disabled={ended} question={`Remove ${p.name} from this session? They cannot come back unless you let them.`}
                  confirm={`Yes, kick ${p.name}`} onConfirm={() => void session.run((h) => h.kick(p.participantId))} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {bans.length > 0 && (
        <>
          <h3>Removed</h3>
          <ul className="manage" aria-label="Removed participants">
            {bans.map((b) => (
              <li key={b.participantId}>
                <span className="person-name">{b.name}</span>
                <button type="button" className="button small" disabled={ended} aria-label={`Let back in: ${b.name}`} onClick={() => session.run((h) => h.unban(b.participantId))}>Let back in</button>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="row end-row">
        <ConfirmButton label="End session" className="button danger" disabled={ended} question="End it for everyone?"
          confirm="Yes, end session" onConfirm={() => void session.run((h) => h.endSession())} />
      </div>
    </section>
  );
}

/** Which music folder the server plays from, or how to give it one: without it no song has audio. */
function MusicFolderLine() {
  const [library, setLibrary] = useState<MusicLibrary | null>(null);
  useEffect(() => { api.musicLibrary().then(setLibrary, () => setLibrary(null)); }, []);
  if (!library) return null;
  return library.folder
    ? <p className="muted" data-testid="music-folder">Music folder: <code>{library.folder}</code> · {library.songsWithAudio} songs with audio.</p>
    : <p className="muted" data-testid="music-folder">No music folder: library songs are catalog entries without audio. To add music, put audio
        files in <code>~/Music</code> on the server (or set <code>Huddle:Music:Folder</code>) — they appear without a restart.</p>;
}
