import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { songInfo } from '../songInfo';
import { storage } from '../storage';
import type { HubClient } from '../hub';
import type { NowPlaying } from '../types';
import { useSyncedMedia } from '../syncedMedia';

/**
 * "Play here": this device plays the now-playing song's audio, kept in step with the session's
 * playback state on the server clock. Opt-in per device; renders nothing for songs without audio.
 */
export function PlayHere({ nowPlaying, hub }: { nowPlaying: NowPlaying; hub: { current: HubClient | null } }) {
  const catalogId = nowPlaying.item.catalogId;
  const [audioFor, setAudioFor] = useState<string | null>(null);
  const [on, setOn] = useState(storage.playHere);
  const audioRef = useRef<HTMLAudioElement | null>(null);

  useEffect(() => {
    let current = true;
    void songInfo(catalogId).then((song) => { if (current) setAudioFor(song?.hasAudio ? catalogId : null); });
    return () => { current = false; };
  }, [catalogId]);

  const available = audioFor === catalogId;
  const active = on && available;

  const { blocked, resync, setBlocked } = useSyncedMedia(
    audioRef, nowPlaying.playback, nowPlaying.item.durationSeconds, () => hub.current?.serverNow() ?? Date.now(), active);

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
          onLoadedMetadata={resync} />
      )}
      {active && blocked && (
        <p className="muted" role="status">
          Your browser blocked the audio.{' '}
          <button type="button" className="button" onClick={resync}>Start audio</button>
        </p>
      )}
    </div>
  );
}
