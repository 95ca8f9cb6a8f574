// Library details of a queued song (queue items carry only what the session stores: no audio or
// cover flags), asked once per catalog id and shared by the queue, now playing and "Play here".
import { useEffect, useState } from 'react';
import { api } from './api';
import type { Song } from './types';

const cache = new Map<string, Promise<Song | null>>();

export function songInfo(catalogId: string): Promise<Song | null> {
  let answer = cache.get(catalogId);
  if (!answer) {
    answer = api.getSong(catalogId).catch(() => {
      cache.delete(catalogId); // a failure is not an answer; ask again next time
      return null;
    });
    cache.set(catalogId, answer);
  }
  return answer;
}

/** The song's library entry, or null until it is known (or when it cannot be read). */
export function useSongInfo(catalogId: string | undefined): Song | null {
  const [song, setSong] = useState<Song | null>(null);
  useEffect(() => {
    let current = true;
    setSong(null);
    if (catalogId) void songInfo(catalogId).then((s) => { if (current) setSong(s); });
    return () => { current = false; };
  }, [catalogId]);
  return song;
}

/** The plain words for a song the server cannot play (shown in the queue and now playing). */
export const NO_AUDIO = 'No audio — catalog entry only';
