// Movie-night helpers: the catalog's id↔name mappings (read from the API, never copied here) and
// views of the deck for one participant.
import { useEffect, useState } from 'react';
import { api } from './api';
import type { MatchRule, MovieCard, Playback, Snapshot } from './types';

export interface CatalogNames {
  genres: Map<number, string>;
  providers: Map<number, string>;
  /** The catalog's fallback notice (TMDB failed), if any. */
  notice: string | null;
  error: string | null;
}

const empty: CatalogNames = { genres: new Map(), providers: new Map(), notice: null, error: null };

/** Genre names and the region's provider names, from GET /api/movies/genres and /providers. */
export function useCatalogNames(region: string): CatalogNames {
  const [names, setNames] = useState<CatalogNames>(empty);
  useEffect(() => {
    let live = true;
    Promise.all([api.movieGenres(), api.movieProviders(region)])
      .then(([genres, providers]) => {
        if (!live) return;
        setNames({
          genres: new Map(genres.items.map((g) => [g.id, g.name])),
          providers: new Map(providers.items.map((p) => [p.id, p.name])),
          notice: genres.notice ?? providers.notice,
          error: null,
        });
      })
      .catch((e: unknown) => { if (live) setNames({ ...empty, error: e instanceof Error ? e.message : String(e) }); });
    return () => { live = false; };
  }, [region]);
  return names;
}

export const matchRuleText: Record<MatchRule, string> = {
  all: 'Everyone here likes it',
  majority: 'More than half of those here like it',
  atLeastTwo: 'At least two people like it',
};

/** The watch party: in a movie session the snapshot's nowPlaying holds the picked film's card. */
export function watching(d: Snapshot): { movie: MovieCard; playback: Playback } | null {
  const np = d.nowPlaying as unknown as { item: MovieCard; playback: Playback } | null;
  return np && d.deck ? { movie: np.item, playback: np.playback } : null;
}

/** The first card in deck order that this participant has not decided yet. */
export function nextCard(d: Snapshot): { card: MovieCard; index: number } | null {
  const deck = d.deck;
  if (!deck) return null;
  const index = deck.cards.findIndex((c) => deck.myChoices[c.movieId] === undefined);
  return index < 0 ? null : { card: deck.cards[index], index };
}

export const runtimeText = (minutes: number | null) =>
  minutes ? `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min` : 'runtime unknown';
