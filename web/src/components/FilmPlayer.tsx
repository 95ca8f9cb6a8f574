import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import type { FilmFile, FilmList } from '../movie';
import { BufferingReport } from '../bufferingReport';
import { FilmReactions } from './FilmReactions';
import { useSyncedMedia } from '../syncedMedia';
import type { SessionController } from '../useSession';
import type { Playback, WatchParty } from '../types';

/** The film folder's list, asked when the watch party needs it. */
export function useFilms(): FilmList | null {
  const [films, setFilms] = useState<FilmList | null>(null);
  useEffect(() => {
    let live = true;
    api.films().then((f) => { if (live) setFilms(f); }, () => { if (live) setFilms({ configured: false, films: [] }); });
    return () => { live = false; };
  }, []);
  return films;
}

/** Whether this browser can play the file (an MKV often not). */
export const canPlay = (f: FilmFile) => typeof document === 'undefined' || document.createElement('video').canPlayType(f.contentType) !== '';

/**
 * The party's film on this device: a video kept at the party's position (useSyncedMedia, the jam's rule)
 * that tells the party when it buffers, so the others wait (SyncPlay's Waiting) and resume together;
 * its own seeks are not buffering (BufferingReport).
 */
export function FilmPlayer({ session, film, party, playback, duration }: {
  session: SessionController; film: FilmFile; party: WatchParty; playback: Playback; duration: number;
}) {
  const video = useRef<HTMLVideoElement | null>(null);
  const playing = useRef(playback.isPlaying);
  playing.current = playback.isPlaying;
  const [buffering] = useState(() => new BufferingReport(
    (b) => session.hub.current?.reportBuffering(b) ?? Promise.resolve(), () => playing.current));
  const { blocked, resync } = useSyncedMedia(
    video, playback, duration, () => session.hub.current?.serverNow() ?? Date.now(), true, () => buffering.seeking());
  // Leaving the page while buffering must not hold the others up.
  useEffect(() => () => buffering.dispose(), [buffering]);

  const waitingFor = party.buffering.map((id) => session.state.data!.participants.find((p) => p.participantId === id)?.name).filter(Boolean);
  return (
    <div className="film-player">
      <video ref={video} src={film.videoUrl} preload="auto" playsInline data-testid="film-video" aria-label={`Film: ${film.title}`}
        onLoadedMetadata={resync}
        onWaiting={() => buffering.waiting()} onSeeked={() => buffering.seeked()}
        onCanPlay={() => buffering.ready()} onPlaying={() => buffering.ready()}>
        {film.subtitles.map((s, i) => <track key={s.id} kind="subtitles" src={s.url} label={s.label} default={i === 0} />)}
      </video>
      <FilmReactions session={session} />
      {party.waiting && (
        <p className="muted small" role="status" data-testid="film-waiting">Waiting for {waitingFor.join(', ') || 'someone'} to load…</p>
      )}
      {blocked && (
        <p className="muted" role="status">Your browser did not start the film. <button type="button" className="button" onClick={resync}>Start film</button></p>
      )}
    </div>
  );
}
