import { useEffect, useState, type FormEvent } from 'react';
import type { SessionController } from '../session';

export function HostPanel({ session }: { session: SessionController }) {
  const d = session.state.data!;
  const s = d.session.settings;
  const [allowVoting, setAllowVoting] = useState(s.allowVoting);
  const [autoPlay, setAutoPlay] = useState(s.autoPlay);
  const [maxQueueSize, setMaxQueueSize] = useState(s.maxQueueSize);
  const [skipPercent, setSkipPercent] = useState(Math.round(s.skipThreshold * 100));
  const [confirmEnd, setConfirmEnd] = useState(false);
  useEffect(() => {
    setAllowVoting(s.allowVoting);
    setAutoPlay(s.autoPlay);
    setMaxQueueSize(s.maxQueueSize);
    setSkipPercent(Math.round(s.skipThreshold * 100));
  }, [s]);
  const isJam = d.session.kind === 'jam';
  const ended = d.session.status === 'ended';

  const save = (e: FormEvent) => {
    e.preventDefault();
    void session.run((h) => h.updateSettings({ allowVoting, autoPlay, maxQueueSize, skipThreshold: skipPercent / 100 }));
  };
  const others = d.participants.filter((p) => p.participantId !== d.you.participantId);

  return (
    <section className="card" aria-labelledby="host-heading">
      <h2 id="host-heading">Host controls</h2>
      {isJam && (
        <form onSubmit={save} className="settings" aria-label="Session settings">
          <label className="check"><input type="checkbox" checked={allowVoting} onChange={(e) => setAllowVoting(e.target.checked)} /> Allow voting</label>
          <label className="check"><input type="checkbox" checked={autoPlay} onChange={(e) => setAutoPlay(e.target.checked)} /> Auto-play next song</label>
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
                <button type="button" className="button small danger" disabled={ended} aria-label={`Kick ${p.name}`} onClick={() => session.run((h) => h.kick(p.participantId))}>Kick</button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <div className="row end-row">
        {!confirmEnd
          ? <button type="button" className="button danger" disabled={ended} onClick={() => setConfirmEnd(true)}>End session</button>
          : <>
              <span>End it for everyone?</span>
              <button type="button" className="button danger" onClick={() => { setConfirmEnd(false); void session.run((h) => h.endSession()); }}>Yes, end session</button>
              <button type="button" className="button" onClick={() => setConfirmEnd(false)}>Cancel</button>
            </>}
      </div>
    </section>
  );
}
