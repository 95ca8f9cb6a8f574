import type { SessionController } from '../useSession';
import type { Participant, Playback, WatchParty } from '../types';

/** How many of the people present are ready, of how many (someone who left is not waited for). */
export function readyCount(ready: readonly string[], participants: readonly Participant[]): { ready: number; of: number } {
  const present = participants.filter((p) => p.present);
  return { ready: present.filter((p) => ready.includes(p.participantId)).length, of: present.length };
}

/**
 * The ready check before the film starts: the host asks, everyone taps "Ready?", the host sees how many
 * are and can start anyway; when the last one taps, the server starts the film from 0:00 for all.
 */
export function ReadyCheck({ session, party, playback }: { session: SessionController; party: WatchParty; playback: Playback }) {
  const d = session.state.data!;
  const isHost = session.role === 'host';
  if (!party.ready) {
    // Only before the film starts: asking restarts it from 0:00 for everyone.
    const notStarted = !playback.isPlaying && playback.positionSeconds === 0;
    return isHost && notStarted
      ? <button type="button" className="button" onClick={() => void session.run((h) => h.startReadyCheck())}>Ask if everyone is ready</button>
      : null;
  }
  const { ready, of } = readyCount(party.ready, d.participants);
  const iAmReady = party.ready.includes(d.you.participantId);
  return (
    <div className="controls" role="group" aria-label="Ready check">
      <span role="status" data-testid="ready-count">{ready}/{of} ready</span>
      {!iAmReady && <button type="button" className="button" onClick={() => void session.run((h) => h.markReady())}>Ready?</button>}
      {isHost && <button type="button" className="button" onClick={() => void session.run((h) => h.updatePlayback(true, 0))}>Start anyway</button>}
    </div>
  );
}
