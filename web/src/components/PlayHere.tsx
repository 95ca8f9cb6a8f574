import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { songInfo } from '../songInfo';
import { storage } from '../storage';
import type { HubClient } from '../hub';
import type { NowPlaying } from '../types';
import { livePosition } from './NowPlayingCard';

const DRIFT_CHECK_MS = 2000;
const MAX_DRIFT_SECONDS = 0.3;

/**
 * "Play here": this device plays the now-playing song's audio, kept in step with the session's
 * playback state on the server clock. Opt-in per device; renders nothing for songs without audio.
 */
export function PlayHere({ nowPlaying, hub }: { nowPlaying: NowPlaying; hub: { current: HubClient | null } }) {
  const catalogId = nowPlaying.item.catalogId;
  const [audioFor, setAudioFor] = useState<string | null>(null);
  const [on, setOn] = useState(storage.playHere);
  const [blocked, setBlocked] = useState(false);
  const audioRef = useRef<HTMLAudioElement | null>(null);
  const stateRef = useRef(nowPlaying);
  stateRef.current = nowPlaying;

  useEffect(() => {
    let current = true;
    void songInfo(catalogId).then((song) => { if (current) setAudioFor(song?.hasAudio ? catalogId : null); });
    return () => { current = false; };
  }, [catalogId]);

  const available = audioFor === catalogId;
  const active = on && available;

  /** Brings the audio element to the server's state: position, and playing or paused. */
  const sync = (force: boolean) => {
    const audio = audioRef.current;
    if (!audio) return;
    const np = stateRef.current;
    const now = hub.current?.serverNow() ?? Date.now();
    const target = livePosition(np.playback, now, np.item.durationSeconds);
    if (force || Math.abs(audio.currentTime - target) > MAX_DRIFT_SECONDS) audio.currentTime = target;
    if (np.playback.isPlaying) {
      if (audio.paused) {
        audio.play().then(() => setBlocked(false), (e: unknown) => {
          if (e instanceof DOMException && e.name === 'NotAllowedError') setBlocked(true);
        });
      }
    } else {
      if (!audio.paused) audio.pause();
      setBlocked(false);
    }
  };
  const syncRef = useRef(sync);
  syncRef.current = sync;

  // Every playbackUpdated / nowPlaying gives a new playback object: re-sync on each.
  useEffect(() => {
    if (active) syncRef.current(true);
  }, [active, nowPlaying.playback, catalogId]);

  // Drift correction while playing.
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (stateRef.current.playback.isPlaying) syncRef.current(false);
    }, DRIFT_CHECK_MS);
    return () => clearInterval(timer);
  }, [active]);

  if (!available) return null;

  const toggle = () => {
    const next = !on;
    storage.setPlayHere(next);
    setOn(next);
    if (!next) setBlocked(false);
  };

  return (
    <div className="play-here">
      <button type="button" className="button" aria-pressed={on} onClick={toggle}>
        {on ? 'Stop playing here' : 'Play here'}
      </button>
      {active && (
        <audio ref={audioRef} src={api.audioUrl(catalogId)} preload="auto" data-testid="play-here-audio"
          onLoadedMetadata={() => syncRef.current(true)} />
      )}
      {active && blocked && (
        <p className="muted" role="status">
          Your browser blocked the audio.{' '}
          <button type="button" className="button" onClick={() => syncRef.current(true)}>Start audio</button>
        </p>
      )}
    </div>
  );
}
