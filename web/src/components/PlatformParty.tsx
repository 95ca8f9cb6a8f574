import { useEffect, useState } from 'react';
import { api } from '../api';
import type { WatchOptions } from '../movie';
import { countdownText, msToNextChange, partyPositionText } from '../platformParty';
import type { SessionController } from '../useSession';
import type { Playback, Provider, WatchParty } from '../types';
import { livePosition } from './Playback';
import { FilmReactions } from './FilmReactions';

/** The server clock as this device estimates it (Ping offset). */
const serverNow = (session: SessionController) => session.hub.current?.serverNow() ?? Date.now();

/** Re-renders exactly when the countdown's step or the position's second changes, read from the server clock. */
function useServerMoment(session: SessionController, playback: Playback): number {
  const [now, setNow] = useState(() => serverNow(session));
  useEffect(() => {
    const current = serverNow(session);
    setNow(current);
    const wait = msToNextChange(playback, current);
    if (wait === null) return;
    // A few ms past the step, so the clock read after waking is on the new side of it.
    const timer = setTimeout(() => setNow(serverNow(session)), wait + 5);
    return () => clearTimeout(timer);
  }, [session, playback, now]);
  return now;
}

/** The host's choice: the film's where-to-watch platforms first, then any platform of the region. */
export function PlatformChoice({ session, party, movieId, region }: { session: SessionController; party: WatchParty; movieId: number; region: string }) {
  const [offers, setOffers] = useState<WatchOptions['offers']>([]);
  const [all, setAll] = useState<Provider[]>([]);
  useEffect(() => {
    let live = true;
    api.movieWatch(movieId, region).then((w) => { if (live) setOffers(w.offers); }, () => {});
    api.movieProviders(region).then((p) => { if (live) setAll(p.items); }, () => {});
    return () => { live = false; };
  }, [movieId, region]);
  const film = [...new Map(offers.map((o) => [o.providerId, o.providerName])).entries()];
  const others = all.filter((p) => !film.some(([id]) => id === p.id));
  return (
    <div className="field">
      <label htmlFor="watch-platform">Watch on a streaming platform</label>
      <select id="watch-platform" value={party.platform?.providerId ?? ''}
        onChange={(e) => void session.run((h) => h.chooseWatchPlatform(e.target.value ? Number(e.target.value) : null))}>
        <option value="">No platform</option>
        {film.length > 0 && (
          <optgroup label="Offers this film">
            {film.map(([id, name]) => <option key={id} value={id}>Watch on {name}</option>)}
          </optgroup>
        )}
        {others.length > 0 && (
          <optgroup label="Other platforms">
            {others.map((p) => <option key={p.id} value={p.id}>Watch on {p.name}</option>)}
          </optgroup>
        )}
      </select>
    </div>
  );
}

/**
 * The watch party on a streaming platform: the link to open the film there, the shared 3-2-1 (every
 * device shows "Play now" at the same server-clock moment), pause with who paused, and the party's
 * position for latecomers to seek their own player to.
 */
export function PlatformParty({ session, party, playback, title, duration, canControl }: {
  session: SessionController; party: WatchParty; playback: Playback; title: string; duration: number; canControl: boolean;
}) {
  const now = useServerMoment(session, playback);
  const platform = party.platform!;
  const countdown = countdownText(playback, now);
  return (
    <div className="film-player platform-party" role="group" aria-label="Platform party">
      <p>
        <a className="button open-link" href={platform.link} target="_blank" rel="noopener noreferrer">
          Open “<bdi>{title}</bdi>” on {platform.name}
        </a>
      </p>
      <p className="muted small">TMDB’s page for the film opens it on {platform.name}; Huddle only keeps everyone together.</p>
      {/* data-play-at: this device's own clock reading of the server's "Play now" moment (what the e2e test compares). */}
      <p className="countdown" role="status" aria-live="assertive" data-testid="countdown"
        data-play-at={playback.isPlaying ? Math.round(playback.updatedAt - (serverNow(session) - Date.now())) : undefined}>
        {countdown ?? ''}
      </p>
      <p data-testid="party-position">{partyPositionText(playback, now, duration)}</p>
      <FilmReactions session={session} />
      {canControl && (
        <div className="controls" role="group" aria-label="Platform party controls">
          {playback.isPlaying
            ? <button type="button" className="button"
                onClick={() => void session.run((h) => h.updatePlayback(false, livePosition(playback, serverNow(session), duration)))}>Pause</button>
            : <button type="button" className="button primary" onClick={() => void session.run((h) => h.startCountdown())}>
                {playback.positionSeconds > 0 ? 'Resume' : 'Start'} together (3-2-1)
              </button>}
        </div>
      )}
    </div>
  );
}
